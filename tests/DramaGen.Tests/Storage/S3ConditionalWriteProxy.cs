using System.Net;
using System.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DramaGen.Tests.Storage;

/// <summary>
/// s3rver ignores If-Match and If-None-Match on PUT (its putObject never reads them; pinned by
/// <see cref="S3rverConditionalPutTests"/>), while S3 and R2 refuse a write whose condition fails. This proxy stands
/// between the S3 store and s3rver and enforces them the way S3 does: for a PUT with a condition it reads the key's
/// ETag from s3rver (HEAD) and, when the condition does not hold, answers 412 with S3's PreconditionFailed error XML
/// instead of forwarding. A DELETE with If-Match is checked the same way (AWS S3 has honoured it since 2025-09; R2 does
/// not list it). Every write passes one at a time, so the check and the write it guards are one step.
/// Everything else passes through unchanged (the path as sent, so signatures and odd keys survive).
/// </summary>
public sealed class S3ConditionalWriteProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Expect", "Upgrade", "Proxy-Connection",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private int _refused;

    private S3ConditionalWriteProxy(WebApplication app, string upstream)
    {
        _app = app;
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(upstream), Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public string Endpoint { get; private set; } = "";

    /// <summary>How many conditional PUTs were refused with 412 (so a test can tell the proxy, not luck, refused them).</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<S3ConditionalWriteProxy> StartAsync(string upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var proxy = new S3ConditionalWriteProxy(app, upstream);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()
            .Replace("[::1]", "127.0.0.1").TrimEnd('/');
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (method is not ("PUT" or "POST" or "DELETE"))
        {
            await ForwardAsync(context);
            return;
        }
        await _writes.WaitAsync(context.RequestAborted);
        try
        {
            if (method is "PUT" or "DELETE" && await FailedConditionAsync(context) is { } condition)
            {
                Interlocked.Increment(ref _refused);
                await PreconditionFailedAsync(context, condition);
                return;
            }
            await ForwardAsync(context);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <returns>The header whose condition does not hold, or null when the PUT may go ahead.</returns>
    private async Task<string?> FailedConditionAsync(HttpContext context)
    {
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        if (ifMatch.Length == 0 && ifNoneMatch.Length == 0)
        {
            return null;
        }
        var current = await CurrentETagAsync(context);
        if (ifMatch.Length > 0 && (current is null || !Lists(ifMatch, current)))
        {
            return "If-Match";
        }
        if (ifNoneMatch.Length > 0 && current is not null && Lists(ifNoneMatch, current))
        {
            return "If-None-Match";
        }
        return null;
    }

    /// <summary>The object's ETag on s3rver now (an anonymous HEAD, which s3rver serves), null when there is none.</summary>
    private async Task<string?> CurrentETagAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var path = target.Split('?')[0];
        using var head = await _upstream.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), context.RequestAborted);
        return head.StatusCode == HttpStatusCode.NotFound ? null
            : head.IsSuccessStatusCode ? head.Headers.ETag?.Tag
            : throw new InvalidOperationException($"HEAD {path} on s3rver answered {(int)head.StatusCode}.");
    }

    /// <summary>"*" lists every ETag; otherwise a comma-separated list of quoted ETags.</summary>
    private static bool Lists(string header, string etag) =>
        header.Trim() == "*" || header.Split(',').Select(tag => tag.Trim()).Contains(etag);

    private static async Task PreconditionFailedAsync(HttpContext context, string condition)
    {
        var requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        context.Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        context.Response.ContentType = "application/xml";
        context.Response.Headers["x-amz-request-id"] = requestId;
        await context.Response.WriteAsync(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>PreconditionFailed</Code>"
            + "<Message>At least one of the pre-conditions you specified did not hold</Message>"
            + $"<Condition>{SecurityElement.Escape(condition)}</Condition><RequestId>{requestId}</RequestId><HostId>proxy</HostId></Error>",
            context.RequestAborted);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (request.ContentLength is > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            message.Content = new StreamContent(request.Body);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        using var response = await _upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }
        if (request.Method != "HEAD")
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
        _writes.Dispose();
    }
}
