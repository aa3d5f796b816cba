using System.Net;
using Interview.Tests.Infrastructure;

namespace Interview.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class PlatformTests(AppFixture fixture)
{
    [Theory]
    [InlineData("redis")]
    [InlineData("session-api")]
    [InlineData("collab-hub")]
    [InlineData("gateway")]
    public async Task EveryResourceBecomesHealthy(string resource)
    {
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource).WithTimeout();
    }

    [Fact]
    public async Task TheGatewayServesTheClientAtTheRoot()
    {
        var response = await fixture.Gateway.GetAsync("/").WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync().WithTimeout());
    }

    [Fact]
    public async Task ASessionDeepLinkLoadsTheClient()
    {
        var session = await fixture.Gateway.CreateAsync().WithTimeout();

        var response = await fixture.Gateway.GetAsync($"/s/{session.Id}").WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync().WithTimeout());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task HashedAssetsAreCachedForAYear()
    {
        var index = await fixture.Gateway.GetStringAsync("/").WithTimeout();
        var asset = System.Text.RegularExpressions.Regex.Match(index, "/assets/[^\"]+\\.js").Value;
        Assert.NotEmpty(asset);

        var response = await fixture.Gateway.GetAsync(asset).WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task PagesCarryASecurityPolicyWithoutUnsafeEvalAndAreCrossOriginIsolated()
    {
        var response = await fixture.Gateway.GetAsync("/s/AAAAAAAAAAAAAAAAAAAAAA").WithTimeout();

        ClientHeaderAssertions.AssertIsolatedAppPage(response);
    }

    [Fact]
    public async Task TheCodeSandboxPageMayRunWebAssemblyButReachNothing()
    {
        var response = await fixture.Gateway.GetAsync("/sandbox.html").WithTimeout();

        ClientHeaderAssertions.AssertSandboxPage(response);
    }

    [Fact]
    public async Task AnUnknownApiPathIsA404ProblemNotTheClient()
    {
        var response = await fixture.Gateway.GetAsync("/api/nothing-here").WithTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
