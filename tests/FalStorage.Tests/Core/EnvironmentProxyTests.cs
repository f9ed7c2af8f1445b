using System.Collections;
using System.Net;
using FalStorage.Core.Http;

namespace FalStorage.Tests.Core;

public sealed class EnvironmentProxyTests
{
    [Fact]
    public void No_proxy_variables_mean_no_proxy()
    {
        Assert.Null(EnvironmentProxy.FromEnvironment(new Hashtable()));
    }

    [Fact]
    public void HTTPS_PROXY_carries_https_and_NO_PROXY_bypasses_hosts_and_their_subdomains()
    {
        var proxy = EnvironmentProxy.FromEnvironment(new Hashtable
        {
            ["HTTPS_PROXY"] = "http://user:p%40ss@proxy.corp:3128",
            ["no_proxy"] = "internal.corp, .fal.media",
        })!;

        Assert.Equal(new Uri("http://user:p%40ss@proxy.corp:3128"), proxy.GetProxy(new Uri("https://rest.alpha.fal.ai/storage")));
        Assert.True(proxy.IsBypassed(new Uri("https://internal.corp/")));
        Assert.True(proxy.IsBypassed(new Uri("https://api.internal.corp/")));
        Assert.True(proxy.IsBypassed(new Uri("https://v3.fal.media/files/x")));
        Assert.True(proxy.IsBypassed(new Uri("http://127.0.0.1:8787/")));
        Assert.True(proxy.IsBypassed(new Uri("http://plain-http.example/")), "HTTPS_PROXY alone does not carry http");
        Assert.False(proxy.IsBypassed(new Uri("https://notinternal.corp/")));

        var credential = proxy.Credentials!.GetCredential(new Uri("http://proxy.corp:3128"), "Basic")!;
        Assert.Equal(("user", "p@ss"), (credential.UserName, credential.Password));
    }

    [Fact]
    public void HTTP_PROXY_is_for_http_only_and_ALL_PROXY_serves_both_when_neither_is_set()
    {
        var httpOnly = EnvironmentProxy.FromEnvironment(new Hashtable { ["http_proxy"] = "proxy.corp:8080" })!;
        Assert.Equal(new Uri("http://proxy.corp:8080/"), httpOnly.GetProxy(new Uri("http://rest.fal.ai/")));
        Assert.True(httpOnly.IsBypassed(new Uri("https://rest.fal.ai/")));

        var all = EnvironmentProxy.FromEnvironment(new Hashtable { ["ALL_PROXY"] = "http://all.corp:1080", ["NO_PROXY"] = "v3.fal.media" })!;
        Assert.Equal(new Uri("http://all.corp:1080/"), all.GetProxy(new Uri("https://rest.fal.ai/")));
        Assert.Equal(new Uri("http://all.corp:1080/"), all.GetProxy(new Uri("http://rest.fal.ai/")));
        Assert.True(all.IsBypassed(new Uri("https://v3.fal.media/")));

        var everything = EnvironmentProxy.FromEnvironment(new Hashtable { ["HTTPS_PROXY"] = "proxy.corp:8080", ["NO_PROXY"] = "*" })!;
        Assert.True(everything.IsBypassed(new Uri("https://rest.fal.ai/")), "NO_PROXY=* bypasses everything");
    }
}
