namespace FalStorage.Emulator.Faults;

/// <summary>The kinds of request that fault injection can target.</summary>
public enum RouteKind
{
    /// <summary><c>POST /storage/upload/initiate</c> and <c>/storage/upload/initiate-multipart</c>.</summary>
    Initiate,

    /// <summary>The single upload: <c>PUT {upload_url}</c>.</summary>
    Put,

    /// <summary>A part of a multipart upload: <c>PUT {upload_url path}/{N}{query}</c>.</summary>
    Part,

    /// <summary>The completion of a multipart upload: <c>POST {upload_url path}/complete{query}</c>.</summary>
    Complete,

    /// <summary>The file URL: <c>GET</c> or <c>HEAD /files/{id}/{name}</c>.</summary>
    Cdn,

    /// <summary>The CDN token: <c>POST /storage/auth/token</c>.</summary>
    Token,

    /// <summary>A single upload of the token flow: <c>POST /files/upload</c>.</summary>
    TokenUpload,

    /// <summary>The start of a multipart upload of the token flow: <c>POST /files/upload/multipart</c>.</summary>
    TokenMultipart,

    /// <summary>A part of the token flow: <c>PUT {access_url}/multipart/{uploadId}/{N}</c>.</summary>
    TokenPart,

    /// <summary>The completion of the token flow: <c>POST {access_url}/multipart/{uploadId}/complete</c>.</summary>
    TokenComplete,

    /// <summary>The Platform API: <c>/v1/storage/files/acl</c>, <c>/v1/storage/files/sign</c>, <c>/v1/storage/settings</c>.</summary>
    Platform,
}
