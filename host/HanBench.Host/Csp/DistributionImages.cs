using System.Diagnostics.CodeAnalysis;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// The image files <see cref="DistributionEngine"/> serves, read from the inventory once per file
/// (<see cref="FirmwareRequestRecord.FileKey"/>: two files with one Manufacturer Image and different headers are two
/// files) and checked against the request they are served for.
/// </summary>
internal sealed class DistributionImages(InventoryStore store)
{
    private readonly Dictionary<string, DistributionImage> _images = [];

    /// <summary>
    /// The file <paramref name="request"/> is served, or why it cannot be: not an OTA file the hub can pull, or (a request
    /// stored before 11.4/11.1 checked it) a file whose header carries another version than the request names, which the
    /// device would run while N62 and N39 named the request's version.
    /// </summary>
    public bool TryGet(FirmwareRequestRecord request, [NotNullWhen(true)] out DistributionImage? image, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        if (!_images.TryGetValue(request.FileKey, out image))
        {
            byte[]? bytes = store.Read(s => s.Firmware.ReadImage(request));
            if (bytes is null || !HubImageServer.TryReadIdentity(bytes, out ImageIdentity identity))
            {
                problem = "the request's image is not an OTA file the hub can pull";
                return false;
            }

            image = new DistributionImage(request.FileKey, request.ManufacturerImageHash, Convert.FromHexString(request.ManufacturerImageHash), bytes, identity);
            _images[request.FileKey] = image;
        }

        if (!FirmwareVersionText.Names(request.FirmwareVersion, image.Identity.FileVersion))
        {
            problem = $"the request is for version {request.FirmwareVersion} but its image's OTA header carries {FirmwareVersionText.Of(image.Identity.FileVersion)}";
            image = null;
            return false;
        }

        return true;
    }
}
