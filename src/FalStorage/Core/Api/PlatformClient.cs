using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using FalStorage.Core.Credentials;
using FalStorage.Core.Http;

namespace FalStorage.Core.Api
{
    /// <summary>
    /// fal's Platform API for storage (<c>{base}/storage/...</c>, the key in <c>Authorization: Key</c>): a file's ACL,
    /// a signed link to a file, and the account's settings for new uploads. One call, one request, over the session's
    /// HTTP; retries belong to the caller's <see cref="Transfer.RetryPolicy"/>.
    /// </summary>
    internal sealed class PlatformClient
    {
        private readonly SessionHttp _http;
        private readonly FalCredential _credential;
        private readonly TimeSpan _timeout;

        public PlatformClient(SessionHttp http, Uri baseUrl, FalCredential credential, TimeSpan timeout)
        {
            _http = http;
            BaseUrl = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");
            _credential = credential;
            _timeout = timeout;
        }

        public Uri BaseUrl { get; }

        /// <summary>GET storage/files/acl: the file's ACL.</summary>
        public async Task<FalAcl> GetAclAsync(Uri fileUrl, CancellationToken cancellationToken)
        {
            var response = await SendAsync(HttpMethod.Get, FileRoute("storage/files/acl", fileUrl), null, FalOperation.ReadAcl, cancellationToken).ConfigureAwait(false);
            return ReadAcl(response, fileUrl);
        }

        /// <summary>PUT storage/files/acl: replaces the file's ACL (no merge); returns the ACL as applied.</summary>
        public async Task<FalAcl> SetAclAsync(Uri fileUrl, FalAcl acl, CancellationToken cancellationToken)
        {
            var body = Json.Serialize(AclJson.Write("root", acl));
            var response = await SendAsync(HttpMethod.Put, FileRoute("storage/files/acl", fileUrl), body, FalOperation.ChangeAcl, cancellationToken).ConfigureAwait(false);
            return ReadAcl(response, fileUrl);
        }

        /// <summary>POST storage/files/sign: a link that reads the file without credentials for <paramref name="expiresIn"/> (1 s to 7 days).</summary>
        public async Task<Uri> SignAsync(Uri fileUrl, TimeSpan expiresIn, CancellationToken cancellationToken)
        {
            var body = Json.Serialize(Json.Object("root", Json.Number("expiration_seconds", (long)expiresIn.TotalSeconds)));
            var url = FileRoute("storage/files/sign", fileUrl);
            var response = await SendAsync(HttpMethod.Post, url, body, FalOperation.Sign, cancellationToken).ConfigureAwait(false);
            var document = Json.TryParse(response.Body);
            return document != null && Uri.TryCreate(Json.GetString(document, "signed_url"), UriKind.Absolute, out var signed) && (signed.Scheme == Uri.UriSchemeHttps || signed.Scheme == Uri.UriSchemeHttp)
                ? signed
                : throw NotThePlatformApi(url, (int)response.Status, "without a signed_url");
        }

        /// <summary>GET storage/settings: the account's lifetime and ACL for new uploads.</summary>
        public async Task<FalStorageSetting> GetSettingsAsync(CancellationToken cancellationToken)
        {
            var url = new Uri(BaseUrl, "storage/settings");
            return ReadSettings(url, await SendAsync(HttpMethod.Get, url, null, FalOperation.ReadSettings, cancellationToken).ConfigureAwait(false));
        }

        /// <summary>PUT storage/settings: replaces both settings (what is null is reset to fal's default); returns them as saved.</summary>
        public async Task<FalStorageSetting> SetSettingsAsync(FalStorageSetting settings, CancellationToken cancellationToken)
        {
            var url = new Uri(BaseUrl, "storage/settings");
            var body = Json.Serialize(Json.Object(
                "root",
                settings.ExpiresIn is TimeSpan lifetime ? Json.Number(ObjectLifecycle.Field, (long)lifetime.TotalSeconds) : Json.Null(ObjectLifecycle.Field),
                settings.Acl != null ? AclJson.Write(ObjectLifecycle.AclField, settings.Acl) : Json.Null(ObjectLifecycle.AclField)));
            return ReadSettings(url, await SendAsync(HttpMethod.Put, url, body, FalOperation.ChangeSettings, cancellationToken).ConfigureAwait(false));
        }

        private static FalAcl ReadAcl(ApiResponse response, Uri fileUrl) =>
            AclJson.Read(Json.TryParse(response.Body), fileUrl.AbsoluteUri) ?? throw NotThePlatformApi(fileUrl, (int)response.Status, "without an ACL");

        private static FalStorageSetting ReadSettings(Uri url, ApiResponse response)
        {
            var document = Json.TryParse(response.Body) ?? throw NotThePlatformApi(url, (int)response.Status, "without settings");
            var seconds = Json.GetLong(document, ObjectLifecycle.Field);
            var acl = Json.GetObject(document, ObjectLifecycle.AclField);
            return new FalStorageSetting(
                seconds is long value && value > 0 ? TimeSpan.FromSeconds(value) : (TimeSpan?)null,
                acl == null ? null : AclJson.Read(acl, null) ?? throw NotThePlatformApi(url, (int)response.Status, "with an ACL it cannot read"));
        }

        private static FalTransportException NotThePlatformApi(Uri url, int status, string how) =>
            new FalTransportException(
                TransportFailure.UnexpectedResponse,
                $"{SafeUrl.Describe(url)} answered {status} {how}: this does not look like fal's Platform API. Check -PlatformEndpoint of Connect-FalStorage (or {PlatformEndpoint.Variable}): fal's is {PlatformEndpoint.FalBase}, the local emulator's is its address followed by /v1.");

        /// <summary>A route about one file: its URL as an upload returned it, in the query.</summary>
        private Uri FileRoute(string route, Uri fileUrl) => new Uri(BaseUrl, route + "?url=" + Uri.EscapeDataString(fileUrl.AbsoluteUri));

        private Task<ApiResponse> SendAsync(HttpMethod method, Uri url, byte[]? body, FalOperation operation, CancellationToken cancellationToken) =>
            _http.SendAsync(
                _ =>
                {
                    var request = SessionHttp.NewRequest(method, url, body == null ? null : SessionHttp.JsonContent(body));
                    _credential.Authorize(request);
                    request.Headers.Accept.ParseAdd("application/json");
                    return request;
                },
                (response, answer) => Refusal(operation, response, answer, url),
                _timeout,
                cancellationToken);

        /// <summary>The Platform API's error, <c>{"error": {"type", "message", "request_id"}}</c>, with its message and request id; an answer without one is not that API.</summary>
        private Exception Refusal(FalOperation operation, HttpResponseMessage response, byte[] body, Uri url)
        {
            var error = Json.TryParse(body) is XElement document ? Json.GetObject(document, "error") : null;
            var message = error == null ? null : Json.GetString(error, "message");
            var status = (int)response.StatusCode;
            var passing = status == 408 || status == 429 || status >= 500;
            if (message == null && !passing && status != 401)
            {
                return NotThePlatformApi(url, status, "with no error the Platform API gives");
            }

            var retryAfter = response.Headers.RetryAfter?.Delta;
            return new FalApiException(operation, response.StatusCode, message == null ? null : _credential.Redact(message), retryAfter, SafeUrl.Describe(url), error == null ? null : Json.GetString(error, "request_id"));
        }
    }
}
