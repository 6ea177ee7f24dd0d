using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Host.Csp;

/// <summary>
/// The host's end of GBCS general block transfer (GBCS 7.2.11; <see cref="GbcsBlockTransfer"/>): a GBCS message longer
/// than a HAN frame (a signed CS02b with its certificates) is streamed as blocks, which the hub relays and the device
/// reassembles and acknowledges. The transfer stays open until the device acknowledges the whole message; an
/// acknowledgement of more blocks than acknowledged so far, not the whole message (one was lost), has the blocks from the
/// first missing one sent again at once, and no acknowledgement within <see cref="AckTimeoutMs"/> has the whole
/// message sent again from block 1 (the window starts over: it may have been moved by a forged acknowledgement). After <see cref="MaxRetransmissions"/> time-outs the transfer fails, named in
/// <see cref="LastFailure"/> and <see cref="TransferFailed"/>: the device never had the whole message, so it acted on
/// nothing. Acknowledgements are not authenticated (the Routing Header is plain text), so one only ever moves the window
/// forward and never spends the time-out budget: repeated or forged ones cannot fail a transfer (issue #8). A complete
/// acknowledgement only stops the resending; whether the device acted on the message is decided by its authenticated
/// response (<see cref="GbcsCall"/>), never by an acknowledgement. One transfer per device
/// at a time (a new message to a device replaces the one in progress, as the device's reassembler does); acknowledgements
/// count only from the device the transfer is for and only when they name the message in transfer (their Routing Header:
/// transaction id, system titles, message code, <see cref="GbcsRoutingHeader"/>), so a late acknowledgement of an earlier
/// message can neither end nor steer a later transfer's retries; any other is ignored and counted in
/// <see cref="AcknowledgementsIgnored"/>. Single-threaded, on the session's thread.
/// </summary>
public sealed class GbcsBlockSender
{
    /// <summary>
    /// How long the host waits for an acknowledgement after the last block it sent (HanBench bound: an RTDS-sized CS02b is
    /// two blocks, crossing the ZigBee hop as APS fragments in well under a second of bench time; a GBCS command waits 15 s).
    /// </summary>
    public const long AckTimeoutMs = 5_000;

    /// <summary>Time-outs, each a round of blocks sent again, before the transfer fails (HanBench bound: 3, so a transfer ends within 20 s without acknowledgements).</summary>
    public const int MaxRetransmissions = 3;

    private readonly HubSession _session;
    private readonly Dictionary<ulong, Transfer> _transfers = [];
    private readonly byte[] _block = new byte[GbcsBlockTransfer.MaxBlockLength];
    private readonly GbcsRoutingHeader _ack = new();
    private readonly GbcsEnvelope _message = new();

    internal GbcsBlockSender(HubSession session)
    {
        _session = session;
    }

    /// <summary>Messages the device acknowledged whole.</summary>
    public int Delivered { get; private set; }

    /// <summary>Transfers that failed after <see cref="MaxRetransmissions"/> time-outs.</summary>
    public int Failed { get; private set; }

    /// <summary>Rounds of blocks sent again (after a lost block or a lost acknowledgement).</summary>
    public int Retransmissions { get; private set; }

    /// <summary>Acknowledgements ignored: from a device with no transfer, naming another message, or acknowledging more blocks than the message has.</summary>
    public int AcknowledgementsIgnored { get; private set; }

    /// <summary>Why the last acknowledgement was ignored, or null.</summary>
    public string? LastIgnoredAcknowledgement { get; private set; }

    /// <summary>Transfers waiting for their acknowledgement.</summary>
    public int InProgress => _transfers.Count;

    /// <summary>Why the last transfer failed, or null.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Raised when a transfer fails: the device and why.</summary>
    public event Action<ulong, string>? TransferFailed;

    /// <summary>The earliest acknowledgement deadline.</summary>
    internal long NextWakeMs
    {
        get
        {
            long wake = WakeTime.Never;
            foreach (Transfer transfer in _transfers.Values)
            {
                wake = Math.Min(wake, transfer.DeadlineMs);
            }

            return wake;
        }
    }

    /// <summary>
    /// Streams the <paramref name="count"/>-octet GBCS message at <paramref name="offset"/> to <paramref name="destination"/>
    /// as blocks, each naming the message by its own transaction id, system titles and message code; false when the link
    /// refused one. Throws <see cref="ArgumentException"/> for octets that are not a GBCS message (the host builds them).
    /// </summary>
    internal bool Start(ulong destination, byte[] buffer, int offset, int count)
    {
        GbcsStatus status = GbcsEnvelope.TryDecode(new ByteReader(buffer, offset, count), _message);
        if (status != GbcsStatus.Ok)
        {
            throw new ArgumentException($"GBCS block transfer: the {count} octets are not a GBCS message ({status})", nameof(buffer));
        }

        var transfer = new Transfer(destination, buffer.AsSpan(offset, count).ToArray());
        transfer.Routing.SetFrom(_message);
        _transfers[destination] = transfer;
        return SendFrom(transfer, 1);
    }

    /// <summary>
    /// A GBT APDU from a device (<see cref="GbcsBlockTransfer.IsBlock"/>): an acknowledgement naming the message in transfer
    /// to that device ends the transfer or has blocks sent again; any other acknowledgement is ignored and counted. False
    /// when the frame is not an acknowledgement (a bare GBT APDU, a block, a cut one).
    /// </summary>
    internal bool OnAck(HanFrame frame)
    {
        if (!GbcsBlockTransfer.TryReadAck(frame.Payload, frame.PayloadOffset, frame.PayloadLength, _ack, out int acknowledged, out bool complete))
        {
            return false;
        }

        if (!_transfers.TryGetValue(frame.Source, out Transfer? transfer))
        {
            return Ignore($"from {frame.Source:X16}, which has no block transfer in progress");
        }

        if (!_ack.NamesSameMessage(transfer.Routing))
        {
            return Ignore($"from {frame.Source:X16} names message {Describe(_ack)}, not {Describe(transfer.Routing)} in transfer");
        }

        if (acknowledged > transfer.Blocks)
        {
            return Ignore($"from {frame.Source:X16} acknowledges {acknowledged} blocks of a {transfer.Blocks}-block message");
        }

        if (complete && acknowledged == transfer.Blocks)
        {
            _transfers.Remove(frame.Source);
            Delivered++;
            return true;
        }

        if (!complete && acknowledged > transfer.Acknowledged)
        {
            // A block after the first missing one arrived: send again from the missing one (go-back-N). Only a window that
            // moves forward is acted on, at most once per block, so repeated (or forged) ones cost nothing; such a resend
            // is not a time-out and does not count against MaxRetransmissions.
            transfer.Acknowledged = acknowledged;
            Retransmissions++;
            SendFrom(transfer, acknowledged + 1);
        }

        return true;
    }

    /// <summary>Sends again, or fails, every transfer whose acknowledgement is overdue at <paramref name="nowMs"/>.</summary>
    internal void Tick(long nowMs)
    {
        foreach (Transfer transfer in _transfers.Values.Where(t => t.DeadlineMs <= nowMs).ToList())
        {
            TimedOut(transfer);
        }
    }

    // Only a time-out spends the retry budget (an acknowledgement is unauthenticated).
    private void TimedOut(Transfer transfer)
    {
        if (transfer.Retransmissions >= MaxRetransmissions)
        {
            _transfers.Remove(transfer.Destination);
            Failed++;
            LastFailure = $"GBCS block transfer of a {transfer.Message.Length}-octet message to {transfer.Destination:X16} failed: blocks {transfer.Acknowledged + 1} to {transfer.Blocks} "
                + $"not acknowledged after {MaxRetransmissions} retransmissions ({AckTimeoutMs} ms each); the device never had the whole message";
            TransferFailed?.Invoke(transfer.Destination, LastFailure);
            return;
        }

        // The acknowledgement that moved the window may have been forged (it is unauthenticated, and a device that holds
        // fewer blocks cannot move it back): after a time-out the window starts over and the whole message goes again, so
        // a forged one costs at most a round; the device takes the blocks it holds as repeats (GbcsBlockReassembler).
        transfer.Retransmissions++;
        Retransmissions++;
        transfer.Acknowledged = 0;
        SendFrom(transfer, 1);
    }

    private bool Ignore(string why)
    {
        AcknowledgementsIgnored++;
        LastIgnoredAcknowledgement = "GBCS block acknowledgement ignored: " + why;
        return true;
    }

    private static string Describe(GbcsRoutingHeader routing) =>
        $"0x{routing.MessageCode:X4} from {routing.OriginatorSystemTitle:X16} (CRA {routing.CraFlag:X2}, originator counter {routing.OriginatorCounter})";

    private bool SendFrom(Transfer transfer, int first)
    {
        bool all = true;
        for (int number = first; number <= transfer.Blocks && all; number++)
        {
            int length = GbcsBlockTransfer.WriteBlock(transfer.Routing, transfer.Message, 0, transfer.Message.Length, number, _block, 0);
            all = _session.SendFrame(HanFrameKind.Gbcs, 0, transfer.Destination, _block, 0, length);
        }

        transfer.DeadlineMs = _session.Clock.NowMs + AckTimeoutMs;
        return all;
    }

    /// <summary>A message in transfer to one device.</summary>
    private sealed class Transfer(ulong destination, byte[] message)
    {
        public ulong Destination { get; } = destination;

        public byte[] Message { get; } = message;

        public int Blocks { get; } = GbcsBlockTransfer.BlockCount(message.Length);

        /// <summary>The message as its blocks and its acknowledgements name it.</summary>
        public GbcsRoutingHeader Routing { get; } = new();

        public int Acknowledged { get; set; }

        public int Retransmissions { get; set; }

        public long DeadlineMs { get; set; }
    }
}
