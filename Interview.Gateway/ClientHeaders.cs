namespace Interview.Gateway;

/// <summary>
/// Response headers for the built web client (interview-web/README.md, "Headers the gateway sends").
/// The app is cross-origin isolated (COOP + COEP) so the code runner can interrupt a run through shared
/// memory; the runner's sandbox page and assets are loaded by an opaque-origin frame, so they carry
/// CORS and their own, stricter policy. <c>/api</c> and <c>/hubs</c> get none of this.
/// </summary>
public static class ClientHeaders
{
    public const string AppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; worker-src 'self'; frame-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The sandbox page runs untrusted code: no network at all, WebAssembly allowed, never framed by
    /// anyone but us, and opaque even when opened directly.
    /// </summary>
    public const string SandboxPolicy =
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' data:; connect-src 'none'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts";

    private const string ImmutableCache = "public, max-age=31536000, immutable";

    public static Task Apply(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs")) return next(http);

        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers["Cross-Origin-Embedder-Policy"] = "require-corp";
            if (path.StartsWithSegments("/assets/runner"))
            {
                // Imported by the opaque-origin sandbox and its workers: every request is cross-origin.
                headers.AccessControlAllowOrigin = "*";
                headers["Cross-Origin-Resource-Policy"] = "cross-origin";
                headers.CacheControl = ImmutableCache;
            }
            else if (path.StartsWithSegments("/assets"))
            {
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers.CacheControl = ImmutableCache;
            }
            else if (path.Equals("/sandbox.html", StringComparison.Ordinal))
            {
                headers.ContentSecurityPolicy = SandboxPolicy;
                headers.CacheControl = "no-cache";
            }
            else
            {
                // Pages (index.html and every client route): revalidate so a deploy shows up at once.
                headers.ContentSecurityPolicy = AppPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers.CacheControl = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(http);
    }
}
