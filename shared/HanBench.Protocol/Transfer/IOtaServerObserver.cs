using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// What an <see cref="OtaServer"/> tells its role (the Comms Hub turns these into 0x8F8A / 0x8F89 alerts; the host
    /// into delivery progress). Called synchronously from the server's <c>OnZcl</c>/<c>Tick</c>; an implementation must
    /// not call back into the server and, on the per-block call, should allocate nothing.
    /// </summary>
    public interface IOtaServerObserver
    {
        /// <summary>A Query Next Image Request from <paramref name="client"/> was answered; <paramref name="image"/> is the offered (or, on a hardware mismatch, the refused) image.</summary>
        void OnQueryAnswered(ulong client, OtaServerImage? image, OtaQueryOutcome outcome);

        /// <summary>A block of <paramref name="count"/> bytes at <paramref name="offset"/> of <paramref name="image"/> was sent to <paramref name="client"/>.</summary>
        void OnBlockSent(ulong client, OtaServerImage image, uint offset, int count);

        /// <summary>
        /// A block or page request from <paramref name="client"/> for <paramref name="image"/> was answered WAIT_FOR_DATA
        /// because every download slot is taken: the client is there and downloading, only queued.
        /// </summary>
        void OnBlockDeferred(ulong client, OtaServerImage image);

        /// <summary>
        /// <paramref name="client"/> ended its download with an Upgrade End Request: <paramref name="status"/> SUCCESS
        /// (image verified), INVALID_IMAGE, REQUIRE_MORE_IMAGE or ABORT. <paramref name="image"/> is null when the
        /// request named no image this server holds.
        /// </summary>
        void OnUpgradeEnd(ulong client, OtaServerImage? image, OtaStatus status);

        /// <summary>
        /// <paramref name="client"/> stopped asking for <paramref name="image"/> for the server's idle timeout before its
        /// Upgrade End Request; its download slot is free again. <paramref name="highestOffset"/> is the furthest byte served.
        /// </summary>
        void OnDownloadTimedOut(ulong client, OtaServerImage image, uint highestOffset);
    }
}
