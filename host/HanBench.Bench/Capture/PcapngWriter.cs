using System.Buffers.Binary;
using System.Text;

namespace HanBench.Bench.Capture;

/// <summary>
/// Writes a pcapng file (IETF draft-ietf-opsawg-pcapng): one Section Header Block, Interface Description Blocks and
/// Enhanced Packet Blocks, little-endian. Every block is written whole and flushed to the operating system before the
/// call returns, so a capture of a process that is killed stays readable up to its last packet. Bounded: packets up to
/// <see cref="MaxPacketLength"/> bytes, and once the file would pass its size limit further packets are counted in
/// <see cref="PacketsDropped"/>, not written. A write the file system refuses (a full disk, a removed drive) does not
/// escape into the bench that is capturing: the file is cut back to its last whole block, <see cref="Failure"/> says
/// why, and later packets are dropped and counted. Thread-safe (a real-time bench writes from several threads).
/// </summary>
public sealed class PcapngWriter : IDisposable
{
    /// <summary>LINKTYPE_IEEE802_15_4_WITHFCS: an 802.15.4 frame with its 2-byte FCS.</summary>
    public const ushort LinkTypeIeee802154WithFcs = 195;

    /// <summary>LINKTYPE_USER0 (DLT_USER0, 147): HanBench's own frames, decoded by tools/wireshark/hanbench.lua.</summary>
    public const ushort LinkTypeUser0 = 147;

    /// <summary>Largest packet written.</summary>
    public const int MaxPacketLength = 65_535;

    private const uint SectionHeaderBlock = 0x0A0D0D0A;
    private const uint InterfaceDescriptionBlock = 0x00000001;
    private const uint EnhancedPacketBlock = 0x00000006;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const ushort OptEndOfOptions = 0;
    private const ushort OptComment = 1;
    private const ushort ShbUserApplication = 4;
    private const ushort IfName = 2;
    private const ushort IfDescription = 3;
    private const ushort IfTimestampResolution = 9;
    private const byte MicrosecondResolution = 6;
    private const int MaxCommentBytes = 256;

    private readonly Stream _stream;
    private readonly long _maxBytes;
    private readonly object _gate = new();
    private byte[] _block = new byte[256];
    private int _interfaces;
    private bool _hasOptions;
    private bool _disposed;

    /// <summary>Starts a capture on <paramref name="stream"/> (owned: disposed with the writer), at most <paramref name="maxBytes"/> long.</summary>
    public PcapngWriter(Stream stream, long maxBytes, string application)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 4096);
        _stream = stream;
        _maxBytes = maxBytes;
        int at = BeginBlock(SectionHeaderBlock, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(at), ByteOrderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(_block.AsSpan(at + 4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(_block.AsSpan(at + 6), 0);
        BinaryPrimitives.WriteInt64LittleEndian(_block.AsSpan(at + 8), -1);
        at += 16;
        at = WriteTextOption(at, ShbUserApplication, application);
        Commit(EndBlock(at));
    }

    /// <summary>Creates (or replaces) <paramref name="path"/> and starts a capture in it.</summary>
    public static PcapngWriter Create(string path, long maxBytes, string application) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None), maxBytes, application);

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Packets written.</summary>
    public long PacketsWritten { get; private set; }

    /// <summary>Packets not written because the size limit was reached or the file system refused a write.</summary>
    public long PacketsDropped { get; private set; }

    /// <summary>Why the capture stopped writing (the file system's message), or null while it writes.</summary>
    public string? Failure { get; private set; }

    /// <summary>Adds an interface of <paramref name="linkType"/>, microsecond timestamps; returns its id (0, 1, …).</summary>
    public int AddInterface(ushort linkType, string name, string description)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int at = BeginBlock(InterfaceDescriptionBlock, 8 + name.Length + description.Length + 64);
            BinaryPrimitives.WriteUInt16LittleEndian(_block.AsSpan(at), linkType);
            BinaryPrimitives.WriteUInt16LittleEndian(_block.AsSpan(at + 2), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(at + 4), MaxPacketLength);
            at += 8;
            at = WriteTextOption(at, IfName, name);
            at = WriteTextOption(at, IfDescription, description);
            at = WriteOption(at, IfTimestampResolution, [MicrosecondResolution]);
            Commit(EndBlock(at));
            return _interfaces++;
        }
    }

    /// <summary>
    /// Writes one packet on interface <paramref name="interfaceId"/> at <paramref name="timestampUs"/> µs since the Unix
    /// epoch, with an optional comment; false when the size limit stopped it.
    /// </summary>
    public bool WritePacket(int interfaceId, long timestampUs, ReadOnlySpan<byte> packet, string? comment = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packet.Length, MaxPacketLength);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if ((uint)interfaceId >= (uint)_interfaces)
            {
                throw new ArgumentOutOfRangeException(nameof(interfaceId), interfaceId, "no such interface");
            }

            int at = BeginBlock(EnhancedPacketBlock, 20 + packet.Length + 3 + MaxCommentBytes + 16);
            BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(at), (uint)interfaceId);
            BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(at + 4), (uint)((ulong)timestampUs >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(at + 8), (uint)timestampUs);
            BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(at + 12), (uint)packet.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(at + 16), (uint)packet.Length);
            at += 20;
            packet.CopyTo(_block.AsSpan(at));
            at = Pad(at + packet.Length);
            if (comment is not null)
            {
                at = WriteTextOption(at, OptComment, comment.Length > MaxCommentBytes / 4 ? comment[..(MaxCommentBytes / 4)] : comment);
            }

            int length = EndBlock(at);
            if (Failure is not null || BytesWritten + length > _maxBytes || !TryCommit(length))
            {
                PacketsDropped++;
                return false;
            }

            PacketsWritten++;
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _stream.Dispose();
            }
        }
    }

    /// <summary>Starts a block in the scratch buffer, sized for <paramref name="bodyBytes"/>; returns where its body starts.</summary>
    private int BeginBlock(uint type, int bodyBytes)
    {
        int needed = 12 + bodyBytes + 16;
        if (_block.Length < needed)
        {
            _block = new byte[Math.Max(needed, _block.Length * 2)];
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_block, type);
        _hasOptions = false;
        return 8;
    }

    /// <summary>Ends the options and the block (total length before and after); returns the block's length.</summary>
    private int EndBlock(int at)
    {
        if (_hasOptions)
        {
            at = WriteOption(at, OptEndOfOptions, []);
        }

        int length = at + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(4), (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(at), (uint)length);
        return length;
    }

    private int WriteTextOption(int at, ushort code, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return WriteOption(at, code, bytes);
    }

    private int WriteOption(int at, ushort code, ReadOnlySpan<byte> value)
    {
        if (_block.Length < at + 4 + value.Length + 3 + 16)
        {
            Array.Resize(ref _block, (at + 4 + value.Length + 19) * 2);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(_block.AsSpan(at), code);
        BinaryPrimitives.WriteUInt16LittleEndian(_block.AsSpan(at + 2), (ushort)value.Length);
        value.CopyTo(_block.AsSpan(at + 4));
        _hasOptions = true;
        return Pad(at + 4 + value.Length);
    }

    private int Pad(int at)
    {
        while ((at & 3) != 0)
        {
            _block[at++] = 0;
        }

        return at;
    }

    private void Commit(int length)
    {
        if (!TryCommit(length))
        {
            throw new IOException($"capture file: {Failure}");
        }
    }

    /// <summary>Writes a whole block; on an I/O error cuts the file back to the blocks before it and records the failure.</summary>
    private bool TryCommit(int length)
    {
        try
        {
            _stream.Write(_block, 0, length);
            _stream.Flush();
            BytesWritten += length;
            return true;
        }
        catch (IOException e)
        {
            Failure = e.Message;
            TruncateToWholeBlocks();
            return false;
        }
    }

    private void TruncateToWholeBlocks()
    {
        try
        {
            if (_stream.CanSeek)
            {
                _stream.SetLength(BytesWritten);
            }
        }
        catch (IOException)
        {
            // Nothing more can be done on a file system that refuses writes; readers stop at the partial block.
        }
    }
}
