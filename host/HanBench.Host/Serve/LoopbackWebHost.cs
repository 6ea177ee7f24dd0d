using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HanBench.Host.Serve;

/// <summary>
/// The Kestrel host HanBench's loopback servers (the DUIS endpoint, the Self-Service Interface) run on: a slim
/// application without logging providers (each server logs its own way), bound to one loopback address only.
/// </summary>
public static class LoopbackWebHost
{
    /// <summary>
    /// A builder listening on <paramref name="bind"/> only (an IPv4-mapped address as its IPv4 form), with Kestrel's
    /// limits set by <paramref name="limits"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="bind"/> is not a loopback address.</exception>
    public static WebApplicationBuilder CreateBuilder(IPEndPoint bind, string what, Action<KestrelServerLimits> limits)
    {
        ArgumentNullException.ThrowIfNull(bind);
        if (!LoopbackEndpoint.IsLoopback(bind.Address))
        {
            throw new ArgumentException($"refusing to bind {what} to {bind.Address}: loopback only", nameof(bind));
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,

            // Never the Development environment, whatever ASPNETCORE_ENVIRONMENT says: its exception page shows stack traces.
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(LoopbackEndpoint.Bindable(bind));
            limits(kestrel.Limits);
        });
        return builder;
    }

    /// <summary>The address a started application listens on (the real port when 0 was asked for), ending in '/'.</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
