using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Protocol.Tests.Gbcs
{
    /// <summary>Runs the decoder that goes with <see cref="GbcsVectors.Payloads"/>[index], for sweeps over every payload type.</summary>
    internal static class PayloadDecoders
    {
        public const int Count = 9;

        private static readonly ReadFirmwareVersionResponse ReadResponse = new ReadFirmwareVersionResponse();
        private static readonly ActivateFirmwareCommand ActivateCommand = new ActivateFirmwareCommand();
        private static readonly ActivateFirmwareResponse ActivateResponse = new ActivateFirmwareResponse();
        private static readonly ActivateFirmwareAlert ActivateAlert = new ActivateFirmwareAlert();
        private static readonly PpmidFirmwareActivationAlert PpmidAlert = new PpmidFirmwareActivationAlert();
        private static readonly FirmwareTransferAlert TransferAlert = new FirmwareTransferAlert();
        private static readonly FirmwareDistributionReceiptAlert Receipt = new FirmwareDistributionReceiptAlert();

        public static GbcsPayloadStatus Decode(int index, byte[] bytes, int length)
        {
            ByteReader reader = new ByteReader(bytes, 0, length);
            switch (index)
            {
                case 0:
                    return ReadFirmwareVersionCommand.TryDecode(reader);
                case 1:
                    return ReadFirmwareVersionResponse.TryDecode(reader, ReadResponse);
                case 2:
                    return ActivateFirmwareCommand.TryDecode(reader, ActivateCommand);
                case 3:
                    return ActivateFirmwareResponse.TryDecode(reader, ActivateResponse);
                case 4:
                    return ActivateFirmwareAlert.TryDecode(reader, ActivateAlert);
                case 5:
                    return PpmidFirmwareActivationAlert.TryDecode(reader, PpmidAlert);
                case 6:
                    return FirmwareTransferAlert.TryDecode(reader, TransferAlert);
                case 7:
                    return FirmwareDistributionReceiptAlert.TryDecode(reader, FirmwareDistributionReceiptForm.Dlms, Receipt);
                default:
                    return FirmwareDistributionReceiptAlert.TryDecode(reader, FirmwareDistributionReceiptForm.Gbz, Receipt);
            }
        }
    }
}
