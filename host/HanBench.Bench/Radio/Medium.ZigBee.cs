using HanBench.Protocol.Han;

namespace HanBench.Bench.Radio;

/// <summary>The medium's path for hops carried by a <see cref="ZigBeeStack"/> (issue 14).</summary>
public sealed partial class Medium
{
    private readonly Stack<HeldFrame> _held = new();

    /// <summary>
    /// Puts <paramref name="frame"/> on a ZigBee hop: it waits for the sleepy child's poll if it is for one, then holds the
    /// hop for the whole exchange the stack plays and reaches the far end when its last fragment does.
    /// <paramref name="heldSinceUs"/> is when the parent took the frame to hold it (−1: not held).
    /// </summary>
    private bool TransmitZigBee(MediumHop hop, ZigBeeStack stack, MediumNode sender, HanFrame frame, int length, long heldSinceUs)
    {
        MediumNode receiver = hop.Other(sender);
        RadioModel model = hop.Model;
        long now = Scheduler.NowUs;
        if (stack.Fragments(frame, out _, out _) == 0)
        {
            Drop(hop, sender, receiver, frame, DropReason.TooLarge, now);
            return false;
        }

        bool toSleepyChild = stack.PollIntervalMs > 0 && ReferenceEquals(receiver, hop.B);
        if (toSleepyChild && heldSinceUs < 0)
        {
            // IEEE 802.15.4-2006 §7.5.6.3 indirect transmission: the parent keeps the frame until the child asks for it.
            long period = stack.PollIntervalMs * 1000;
            long poll = (now + period - 1) / period * period;
            if (poll - now > Ieee802154.TransactionPersistenceUs)
            {
                Drop(hop, sender, receiver, frame, DropReason.Expired, now + Ieee802154.TransactionPersistenceUs);
                return true;
            }

            HeldFrame held = _held.Count > 0 ? _held.Pop() : new HeldFrame(this);
            held.Load(hop, stack, sender, frame, now);
            Scheduler.ScheduleAtUs(poll, held.Run);
            return true;
        }

        long start = Math.Max(now, hop.BusyUntilFromUs(sender));
        ZigBeeCarry carry = stack.Carry(frame, frame.Destination == HanFrame.Broadcast, toSleepyChild, model.LossProbability, hop.Random);
        long end = start + carry.BusyUs;
        hop.Occupy(sender, end);
        HopStatistics stats = hop.Statistics;
        stats.Frames++;
        stats.Bytes += length;
        stats.LineBytes += carry.BytesOnAir;
        stats.BusyUs += carry.BusyUs;
        stats.MaxQueueDelayUs = Math.Max(stats.MaxQueueDelayUs, start - (heldSinceUs < 0 ? now : heldSinceUs));

        bool outage = hop.OverlapsOutage(start, end);
        OnAir?.Invoke(new MediumAirFrame(hop, sender, frame, start, outage ? DropReason.Outage : carry.Delivered ? null : DropReason.Loss));
        if (outage || !carry.Delivered)
        {
            Drop(hop, sender, receiver, frame, outage ? DropReason.Outage : DropReason.Loss, end);
            return true;
        }

        ScheduleDelivery(hop, sender, receiver, frame, start + carry.DeliveredUs + model.LatencyUs);
        return true;
    }

    /// <summary>A frame a parent holds for its sleepy child until the child's poll: its own copy, pooled.</summary>
    private sealed class HeldFrame
    {
        private readonly Medium _medium;
        private readonly HanFrame _frame = OwnedFrame();
        private MediumHop? _hop;
        private ZigBeeStack? _stack;
        private MediumNode? _sender;
        private long _sinceUs;

        public HeldFrame(Medium medium)
        {
            _medium = medium;
            Run = Poll;
        }

        public Action Run { get; }

        public void Load(MediumHop hop, ZigBeeStack stack, MediumNode sender, HanFrame frame, long sinceUs)
        {
            _hop = hop;
            _stack = stack;
            _sender = sender;
            _sinceUs = sinceUs;
            CopyInto(_frame, frame);
        }

        private void Poll()
        {
            try
            {
                // The hop's model may have been replaced meanwhile; the frame goes by the one it was held under.
                _medium.TransmitZigBee(_hop!, _stack!, _sender!, _frame, _frame.EncodedLength, _sinceUs);
            }
            finally
            {
                _hop = null;
                _stack = null;
                _sender = null;
                _medium._held.Push(this);
            }
        }
    }
}
