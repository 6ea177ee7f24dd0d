using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.ServiceRequests;

/// <summary>DUIS 5.4 field limits the handlers re-check for callers that do not come through the schema (CLI, API).</summary>
internal static class DuisFieldRules
{
    /// <summary>DUIS FirmwareVersion: 1–8 characters.</summary>
    public static bool IsFirmwareVersion(string? version) => version is { Length: >= 1 and <= 8 };

    /// <summary>DUIS DeviceManufacturer/DeviceModel: at most 30 characters (and HanBench needs one).</summary>
    public static bool IsNameField(string? value) => value is { Length: >= 1 and <= 30 };

    /// <summary>
    /// The first problem with device details given by 12.2 or 8.4 (null fields were not given), or null. Shared so
    /// both SRVs apply the same rules; each answers with its own response code.
    /// </summary>
    public static string? DetailsProblem(Eui64 deviceId, DeviceType type, string? manufacturer, string? model, string? firmwareVersion, string? esmeVariant, AltHanVariant? altHanVariant)
    {
        if ((manufacturer is not null && !IsNameField(manufacturer)) || (model is not null && !IsNameField(model)))
        {
            return $"{deviceId}: DeviceManufacturer and DeviceModel must each be 1–30 characters";
        }

        if (firmwareVersion is not null && !IsFirmwareVersion(firmwareVersion))
        {
            return $"{deviceId}: FirmwareVersion '{firmwareVersion}' must be 1–8 characters";
        }

        if (altHanVariant == AltHanVariant.None)
        {
            // The portable enumeration's None marks a device that is not a bridge: it is no variant to store.
            return $"{deviceId}: the Alt HAN Device Variant must be one of {string.Join(", ", AltHanVariants.Bridges)}";
        }

        if (altHanVariant is { } variant && type != DeviceType.PPMID)
        {
            // SECMP0170 §4.2: an Alt HAN bridge is registered as a PPMID; the variant marks it.
            return $"{deviceId}: Alt HAN Device Variant {variant} is only valid for a PPMID, not a {type}";
        }

        if (esmeVariant is not null && type != DeviceType.ESME)
        {
            return $"{deviceId}: ESMEVariant is only valid for an ESME, not a {type}";
        }

        return null;
    }
}
