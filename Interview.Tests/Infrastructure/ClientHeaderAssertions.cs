namespace Interview.Tests.Infrastructure;

/// <summary>The client's security and isolation headers, asserted the same way wherever the client is served.</summary>
public static class ClientHeaderAssertions
{
    /// <summary>An app page: strict CSP without unsafe-eval, cross-origin isolated, no sniffing, no referrer.</summary>
    public static void AssertIsolatedAppPage(HttpResponseMessage response)
    {
        var policy = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Opener-Policy")));
        Assert.Equal("require-corp", Assert.Single(response.Headers.GetValues("Cross-Origin-Embedder-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    /// <summary>The code sandbox page: WebAssembly allowed, no network, opaque origin, no eval.</summary>
    public static void AssertSandboxPage(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("'wasm-unsafe-eval'", policy);
        Assert.Contains("connect-src 'none'", policy);
        Assert.Contains("sandbox allow-scripts", policy);
        Assert.DoesNotContain("allow-same-origin", policy);
        Assert.DoesNotContain("'unsafe-eval'", policy);
    }
}
