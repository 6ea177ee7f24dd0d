namespace HanBench.Host.Serve;

/// <summary>
/// The three DCC Boxed web services a DUIS request is POSTed to, chosen by its command variant (as the DCC Boxed
/// Node-RED nodes and duis-parser map them): Send Command (CV 1, 3, 5, 7), Non-Device (CV 2, 6, 8) and Transform (CV 4).
/// </summary>
public enum DuisWebService
{
    /// <summary><c>/api/v1/serviceD</c>.</summary>
    NonDevice,

    /// <summary><c>/api/v1/serviceS</c>.</summary>
    SendCommand,

    /// <summary><c>/api/v1/serviceT</c>.</summary>
    Transform,
}

/// <summary>Paths and command-variant routing of <see cref="DuisWebService"/>.</summary>
public static class DuisWebServices
{
    /// <summary>The path of a service.</summary>
    public static string PathOf(DuisWebService service) => service switch
    {
        DuisWebService.NonDevice => "/api/v1/serviceD",
        DuisWebService.SendCommand => "/api/v1/serviceS",
        _ => "/api/v1/serviceT",
    };

    /// <summary>The service a command variant (1–8) belongs on.</summary>
    public static DuisWebService ForCommandVariant(int commandVariant) => commandVariant switch
    {
        1 or 3 or 5 or 7 => DuisWebService.SendCommand,
        4 => DuisWebService.Transform,
        _ => DuisWebService.NonDevice,
    };
}
