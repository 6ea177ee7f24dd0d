using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles.Ota
{
    /// <summary>
    /// Reports an image an OTA client refused for its supplier signature (one that does not verify, or none where
    /// <see cref="RoleSettings.RequireSignedImages"/> asks for one): logged once per download as GBCS
    /// <see cref="GbcsAlertCode.FirmwareVerificationFailed"/> with the reason, and counted. The client has already
    /// discarded the image and told its server INVALID_IMAGE; nothing is activated. The Comms Hub's puller and every
    /// PPMID/bridge component updater use it.
    /// </summary>
    public sealed class ImageSignatureRefusals
    {
        private readonly IDeviceLog _log;
        private bool _reported;

        /// <summary>Refusals reported to <paramref name="log"/>.</summary>
        public ImageSignatureRefusals(IDeviceLog log)
        {
            _log = log;
        }

        /// <summary>Images refused since the instance was made.</summary>
        public int Count { get; private set; }

        /// <summary>Call from the observer's state change: a download that ends refused for its signature is reported once.</summary>
        public void OnStateChanged(OtaClient client, OtaClientState state, OtaImageVerifierCheck check)
        {
            if (state == OtaClientState.Downloading)
            {
                _reported = false;
                return;
            }

            if (state != OtaClientState.Idle || _reported
                || client.LastError != OtaClientError.InvalidImage || client.LastCheckResult != OtaImageCheckResult.SignatureInvalid)
            {
                return;
            }

            _reported = true;
            Count++;
            if (_log.IsEnabled(LogLevel.Warning))
            {
                _log.Write(LogLevel.Warning, "image " + client.Settings.ImageType.ToString("X4") + " refused: 0x" + GbcsAlertCode.FirmwareVerificationFailed.ToString("X4")
                    + " Firmware Verification Failed (supplier signature " + (check.Verifier.HasSignature ? "does not verify" : "missing") + "); discarded, nothing activated");
            }
        }
    }
}
