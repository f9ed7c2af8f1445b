using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core;
using FalStorage.Core.Api;
using FalStorage.Core.Flows;
using FalStorage.Core.Credentials;
using FalStorage.Core.Http;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;
using FalStorage.Core.Uploads;

namespace FalStorage.Commands
{
    /// <summary>What every FalStorage cmdlet shares: the session, Ctrl+C, and turning failures into error records.</summary>
    public abstract class FalCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>Cancelled by Ctrl+C, so requests in flight end at once.</summary>
        protected CancellationToken CancelToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>
        /// The command is over (finished, stopped or failed): nothing it started may go on. The token source is
        /// cancelled, not disposed: a worker still unwinding may yet read its token.
        /// </summary>
        public void Dispose()
        {
            _stopping.Cancel();
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// Opens a session and makes it this runspace's default. Without a credential the key is read
        /// from the environment as fal's own clients read it; with none there, a terminating error.
        /// </summary>
        private protected FalSession OpenSession(FalCredential? credential, string? endpoint, FalUploadFlow uploadFlow = FalUploadFlow.Auto, string? platformEndpoint = null)
        {
            try
            {
                credential ??= CredentialResolver.FromEnvironment(Environment.GetEnvironmentVariables());
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.NoCredentials, ErrorCategory.InvalidArgument, null));
            }

            if (credential == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(
                        $"No fal session in this runspace and no key in the environment: run Connect-FalStorage -Key <key>, or set the {CredentialResolver.KeyVariable} environment variable (or {CredentialResolver.KeyIdVariable} and {CredentialResolver.KeySecretVariable}). " +
                        "A session belongs to the runspace that connected: in ForEach-Object -Parallel or Start-ThreadJob, pass it with -Session $using:session."),
                    ErrorIds.NoCredentials,
                    ErrorCategory.AuthenticationError,
                    null));
            }

            Uri endpointUri;
            Uri platformUri;
            try
            {
                var environment = Environment.GetEnvironmentVariables();
                endpointUri = CredentialResolver.ResolveEndpoint(endpoint, environment);
                platformUri = PlatformEndpoint.Resolve(platformEndpoint, environment, endpointUri);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidEndpoint, ErrorCategory.InvalidArgument, platformEndpoint ?? endpoint));
                throw; // not reached: ThrowTerminatingError always throws
            }

            var session = new FalSession(new FalStorageClient(endpointUri, credential!), platformUri, uploadFlow);
            SessionRegistry.SetCurrent(session);
            WriteVerbose($"Connected to {session.Endpoint} with the key from {session.KeySource} ({session.MaskedKey}).");
            return session;
        }

        /// <summary>Waits on the pipeline thread, which has no synchronization context to deadlock on.</summary>
        protected static T Await<T>(Task<T> task) => task.GetAwaiter().GetResult();

        /// <summary>
        /// Reports a failure for one item: one that every further item would meet as well (a refused key or lifetime, a
        /// locked account, an endpoint never reached, not the fal Storage API, a failed TLS handshake) stops the command
        /// with one error; anything else is that item's error and the rest go on.
        /// </summary>
        protected void ReportFailure(Exception exception, object target)
        {
            var record = WithFinalMessage(ToErrorRecord(exception, target), exception);
            if (EndsTheCommand(exception, record))
            {
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }

        /// <summary>The record, its message saying how many times the failed request was tried (see <see cref="RetryPolicy.FinalMessage"/>).</summary>
        private protected static ErrorRecord WithFinalMessage(ErrorRecord record, Exception exception)
        {
            var message = RetryPolicy.FinalMessage(exception);
            if (message != exception.Message)
            {
                record.ErrorDetails = new ErrorDetails(message);
            }

            return record;
        }

        private static bool EndsTheCommand(Exception exception, ErrorRecord record) =>
            record.CategoryInfo.Category == ErrorCategory.AuthenticationError ||
            record.Exception is AccountLockedException ||
            (exception is FalApiException { MeansPermissionMissing: true }) ||
            (exception is FalApiException api && api.RefusesLifetime) ||
            (exception is FalTransportException transport && transport.Failure != TransportFailure.Unreachable && transport.Failure != TransportFailure.TimedOut);

        private protected static ErrorRecord ToErrorRecord(Exception exception, object target)
        {
            switch (exception)
            {
                case FalApiException api when AccountLockedException.IsMeantBy(api):
                    return new ErrorRecord(new AccountLockedException(api), ErrorIds.AccountLocked, ErrorCategory.PermissionDenied, target);
                case FalApiException api when api.RefusesLifetime:
                    return new ErrorRecord(
                        new ArgumentException($"The service refused the lifetime -ExpiresIn asked for, so no file of this command can be uploaded with it. {Sentence.End(api.Message)} Give a shorter -ExpiresIn, within the service's limit, or never.", api),
                        ErrorIds.LifetimeRefused,
                        ErrorCategory.InvalidArgument,
                        target);
                case FalApiException api:
                    return FromApiError(api, target);
                case FalTransportException transport when transport.Failure == TransportFailure.TimedOut:
                    return new ErrorRecord(transport, ErrorIds.Timeout, ErrorCategory.OperationTimeout, target);
                case FalTransportException transport when transport.Failure == TransportFailure.UnexpectedResponse:
                    return new ErrorRecord(transport, ErrorIds.UnexpectedResponse, ErrorCategory.InvalidResult, target);
                case FalTransportException transport:
                    return new ErrorRecord(transport, ErrorIds.EndpointUnreachable, ErrorCategory.ConnectionError, target);
                case UnsendableNameException _:
                    return new ErrorRecord(exception, ErrorIds.InvalidRequest, ErrorCategory.InvalidArgument, target);
                case VerificationException _:
                    return new ErrorRecord(exception, ErrorIds.VerificationFailed, ErrorCategory.InvalidResult, target);
                case SourceReadException source when source.FromContent:
                    return new ErrorRecord(exception, ErrorIds.ContentReadFailed, ErrorCategory.ReadError, target);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(exception, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, target);
                case IOException _:
                case UnauthorizedAccessException _:
                    return new ErrorRecord(exception, ErrorIds.FileReadFailed, ErrorCategory.ReadError, target);
                default:
                    return new ErrorRecord(exception, ErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target);
            }
        }

        private static ErrorRecord FromApiError(FalApiException api, object target)
        {
            var status = (int)api.StatusCode;
            var (id, category) =
                status == 401 ? (ErrorIds.Unauthorized, ErrorCategory.AuthenticationError) :
                api.MeansPermissionMissing ? (ErrorIds.PermissionMissing, ErrorCategory.PermissionDenied) :
                status == 404 && api.Permission != null ? (ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound) :
                status == 403 && api.Operation == FalOperation.Upload ? (ErrorIds.UploadUrlRejected, ErrorCategory.PermissionDenied) :
                status == 403 ? (ErrorIds.Unauthorized, ErrorCategory.AuthenticationError) :
                status == 400 || status == 422 ? (ErrorIds.InvalidRequest, ErrorCategory.InvalidArgument) :
                status == 429 ? (ErrorIds.RateLimited, ErrorCategory.LimitsExceeded) :
                status >= 500 ? (ErrorIds.ServiceError, ErrorCategory.ResourceUnavailable) :
                (ErrorIds.ServiceError, ErrorCategory.InvalidResult);
            return new ErrorRecord(api, id, category, target);
        }
    }
}
