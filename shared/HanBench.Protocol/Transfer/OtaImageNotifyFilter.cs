using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Whether an <see cref="OtaClient"/> answers an Image Notify with a query: the notify must name this client's
    /// manufacturer code and image type (or wildcards) as far as its payload type carries them, and a newer file version;
    /// then the client answers with probability queryJitter/100 (ZCL OTA), so a broadcast does not bring every client at
    /// once. The jitter comes from a xorshift generator seeded by the client's own address. Allocates nothing.
    /// </summary>
    internal sealed class OtaImageNotifyFilter
    {
        private readonly OtaClientSettings _settings;
        private ulong _jitterState;

        /// <summary>A filter for the client with <paramref name="settings"/>.</summary>
        public OtaImageNotifyFilter(OtaClientSettings settings)
        {
            _settings = settings;
            _jitterState = settings.OwnAddress ^ 0x9E3779B97F4A7C15UL;
            if (_jitterState == 0)
            {
                _jitterState = 0x2545F4914F6CDD1DUL;
            }
        }

        /// <summary>True when the client should query after <paramref name="notify"/>.</summary>
        public bool Accepts(ImageNotify notify)
        {
            if (notify.PayloadType >= ImageNotifyPayloadType.QueryJitterAndManufacturerCode
                && notify.ManufacturerCode != _settings.ManufacturerCode && notify.ManufacturerCode != OtaCluster.ManufacturerCodeWildcard)
            {
                return false;
            }

            if (notify.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType
                && notify.ImageType != _settings.ImageType && notify.ImageType != OtaCluster.ImageTypeWildcard)
            {
                return false;
            }

            if (notify.PayloadType == ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion
                && notify.FileVersion != OtaCluster.FileVersionWildcard && notify.FileVersion <= _settings.CurrentFileVersion)
            {
                return false;
            }

            // ZCL OTA: answer with probability queryJitter/100.
            return NextJitter() <= notify.QueryJitter;
        }

        private int NextJitter()
        {
            _jitterState ^= _jitterState >> 12;
            _jitterState ^= _jitterState << 25;
            _jitterState ^= _jitterState >> 27;
            ulong value = _jitterState * 0x2545F4914F6CDD1DUL;
            return (int)((value >> 33) % 100) + 1;
        }
    }
}
