using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// A CCS08 alert the Comms Hub sent: the HAN <paramref name="device"/>, <paramref name="alertCode"/> 0x8F8A or 0x8F89,
    /// the image's <paramref name="firmwareVersion"/> and the <paramref name="responseCode"/>.
    /// </summary>
    public delegate void TransferAlertHandler(ulong device, ushort alertCode, uint firmwareVersion, FirmwareTransferResponseCode responseCode);
}
