using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Ota;

/// <summary>Images in arrays, found by <see cref="OtaServerImage.Key"/>.</summary>
public sealed class ArrayOtaImageSource : IOtaImageSource
{
    private readonly Dictionary<string, byte[]> _images = [];

    /// <summary>Adds or replaces the bytes of <paramref name="key"/>.</summary>
    public void Add(string key, byte[] image) => _images[key] = image;

    /// <inheritdoc />
    public int ReadAt(OtaServerImage image, uint offset, byte[] buffer, int bufferOffset, int count)
    {
        if (!_images.TryGetValue(image.Key, out byte[]? bytes) || offset > (uint)bytes.Length)
        {
            return -1;
        }

        int take = Math.Min(count, bytes.Length - (int)offset);
        Array.Copy(bytes, (int)offset, buffer, bufferOffset, take);
        return take;
    }
}

/// <summary>
/// A keeping image sink in memory (a Comms Hub's store): holds the whole image, resumes, reads back. Survives a simulated
/// restart when the same instance is given to the new role. <see cref="PeakBytes"/> is the most it ever held.
/// </summary>
public sealed class MemoryOtaSink : IOtaImageSink
{
    private byte[] _bytes = [];
    private uint _fileVersion;

    /// <summary>Bytes appended so far.</summary>
    public uint Written { get; private set; }

    /// <summary>True once the image is complete and committed.</summary>
    public bool Committed { get; private set; }

    /// <summary>The image bytes (valid up to <see cref="Written"/>).</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Largest buffer held, bytes.</summary>
    public long PeakBytes { get; private set; }

    /// <summary>Times the image was thrown away.</summary>
    public int Discards { get; private set; }

    /// <inheritdoc />
    public OtaSinkStatus Begin(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
    {
        if (_bytes.Length != imageSize)
        {
            _bytes = new byte[imageSize];
        }

        PeakBytes = Math.Max(PeakBytes, _bytes.Length);
        _fileVersion = fileVersion;
        Written = 0;
        Committed = false;
        return OtaSinkStatus.Ok;
    }

    /// <inheritdoc />
    public OtaSinkStatus Resume(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize, uint offset)
    {
        if (Committed || fileVersion != _fileVersion || imageSize != _bytes.Length)
        {
            return OtaSinkStatus.NotFound;
        }

        if (offset > Written)
        {
            return OtaSinkStatus.Failed;
        }

        Written = offset;
        return OtaSinkStatus.Ok;
    }

    /// <inheritdoc />
    public OtaSinkStatus Reopen(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize) =>
        Committed && fileVersion == _fileVersion && imageSize == _bytes.Length ? OtaSinkStatus.Ok : OtaSinkStatus.NotFound;

    /// <inheritdoc />
    public OtaSinkStatus Append(byte[] buffer, int offset, int count)
    {
        if (Committed || Written + (uint)count > (uint)_bytes.Length)
        {
            return OtaSinkStatus.Failed;
        }

        Array.Copy(buffer, offset, _bytes, (int)Written, count);
        Written += (uint)count;
        return OtaSinkStatus.Ok;
    }

    /// <inheritdoc />
    public OtaSinkStatus Commit()
    {
        if (Written != _bytes.Length)
        {
            return OtaSinkStatus.Failed;
        }

        Committed = true;
        return OtaSinkStatus.Ok;
    }

    /// <inheritdoc />
    public OtaSinkStatus ReadBack(uint offset, byte[] buffer, int bufferOffset, int count)
    {
        if (!Committed || offset + (uint)count > (uint)_bytes.Length)
        {
            return OtaSinkStatus.Failed;
        }

        Array.Copy(_bytes, (int)offset, buffer, bufferOffset, count);
        return OtaSinkStatus.Ok;
    }

    /// <inheritdoc />
    public void Discard()
    {
        Discards++;
        Committed = false;
        Written = 0;
        _fileVersion = 0;
    }
}

/// <summary>A resume record store in memory (a board's settings store); counts writes (flash wear).</summary>
public sealed class MemoryOtaProgress : IOtaProgressStore
{
    private readonly byte[] _value = new byte[OtaResumeRecord.Length * 2];
    private int _length = -1;

    /// <summary>Records written.</summary>
    public int Writes { get; private set; }

    /// <summary>True when a record is stored.</summary>
    public bool HasRecord => _length >= 0;

    /// <inheritdoc />
    public bool TryRead(byte[] buffer, int offset, out int length)
    {
        length = 0;
        if (_length < 0 || buffer.Length - offset < _length)
        {
            return false;
        }

        Array.Copy(_value, 0, buffer, offset, _length);
        length = _length;
        return true;
    }

    /// <inheritdoc />
    public bool Write(byte[] buffer, int offset, int count)
    {
        if (count > _value.Length)
        {
            return false;
        }

        Array.Copy(buffer, offset, _value, 0, count);
        _length = count;
        Writes++;
        return true;
    }

    /// <inheritdoc />
    public void Clear() => _length = -1;
}
