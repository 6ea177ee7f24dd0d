namespace HanBench.Protocol.Han
{
    /// <summary>
    /// Consistent Overhead Byte Stuffing (S. Cheshire and M. Baker, "Consistent Overhead Byte Stuffing",
    /// SIGCOMM '97 / IEEE/ACM Transactions on Networking 7(2), 1999). It rewrites a message so that it contains no
    /// 0x00 byte, which leaves 0x00 free to mark where a message ends on a byte stream, at a cost of at most one byte
    /// in 254 (plus one).
    /// <para>
    /// The message is cut at every 0x00 and after every run of 254 non-zero bytes. Each block is sent as a code byte
    /// followed by its non-zero bytes: code n (0x01..0xFE) means n-1 data bytes then a 0x00 that is not sent; code
    /// 0xFF means 254 data bytes and no 0x00. The 0x00 after the last block is not part of the message.
    /// </para>
    /// <para>
    /// HanBench choice: the encoder emits the shortest form, so a message that ends exactly after a 254-byte run ends
    /// with that 0xFF block and no extra 0x01 block (the paper's reference encoder adds one). The decoder accepts
    /// both forms; the CRC carried inside the message, not the encoding, decides whether a frame is good.
    /// </para>
    /// </summary>
    public static class Cobs
    {
        /// <summary>Largest number of data bytes one block carries.</summary>
        public const int MaxBlockData = 254;

        /// <summary>Code byte of a full block: 254 data bytes and no implied zero.</summary>
        public const byte FullBlockCode = 0xFF;

        /// <summary>The byte COBS removes from the message; HanBench uses it as the frame delimiter.</summary>
        public const byte Delimiter = 0x00;

        /// <summary>
        /// An upper bound on the encoded length of a message of <paramref name="length"/> bytes: one code byte plus
        /// one more for every 254 bytes.
        /// </summary>
        public static int MaxEncodedLength(int length)
        {
            if (length < 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(length));
            }

            return length + 1 + (length / MaxBlockData);
        }

        /// <summary>
        /// Encodes <paramref name="count"/> bytes of <paramref name="source"/> from <paramref name="offset"/> into
        /// <paramref name="destination"/> at <paramref name="destinationOffset"/> and returns the encoded length. The
        /// delimiter is not written. The destination needs <see cref="MaxEncodedLength"/> bytes of room and must not
        /// overlap the source.
        /// </summary>
        public static int Encode(byte[] source, int offset, int count, byte[] destination, int destinationOffset)
        {
            if (source == null)
            {
                throw new System.ArgumentNullException(nameof(source));
            }

            if (destination == null)
            {
                throw new System.ArgumentNullException(nameof(destination));
            }

            if (offset < 0 || count < 0 || offset > source.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            if (destinationOffset < 0 || destinationOffset > destination.Length - MaxEncodedLength(count))
            {
                throw new System.ArgumentOutOfRangeException(nameof(destinationOffset));
            }

            // Written for nanoCLR's IL interpreter (issue 10): a tight scan finds each block's end, then one native
            // Array.Copy moves the block, instead of an interpreted store and two counters per byte.
            int end = offset + count;
            int read = offset;
            int write = destinationOffset;
            while (true)
            {
                int limit = end - read < MaxBlockData ? end : read + MaxBlockData;
                int scan = read;
                while (scan < limit && source[scan] != Delimiter)
                {
                    scan++;
                }

                int length = scan - read;
                if (length == MaxBlockData)
                {
                    destination[write] = FullBlockCode;
                    System.Array.Copy(source, read, destination, write + 1, MaxBlockData);
                    write += 1 + MaxBlockData;
                    read = scan;
                    if (read == end)
                    {
                        // Shortest form: nothing follows a full block at the end of the message.
                        return write - destinationOffset;
                    }

                    continue;
                }

                // A block cut by a 0x00 (not sent: the code says where it was) or by the end of the message.
                destination[write] = (byte)(length + 1);
                System.Array.Copy(source, read, destination, write + 1, length);
                write += 1 + length;
                if (scan == end)
                {
                    return write - destinationOffset;
                }

                read = scan + 1;
            }
        }

        /// <summary>
        /// Decodes <paramref name="count"/> COBS bytes of <paramref name="source"/> from <paramref name="offset"/>
        /// (without the delimiter) into <paramref name="destination"/> at <paramref name="destinationOffset"/>.
        /// Decoding in place is allowed (same array, <paramref name="destinationOffset"/> ≤ <paramref name="offset"/>):
        /// the decoder never writes ahead of what it has read. The destination needs <paramref name="count"/> - 1
        /// bytes of room: a message is always at least one byte shorter than its encoding. Never throws on bad data.
        /// </summary>
        public static CobsStatus TryDecode(byte[] source, int offset, int count, byte[] destination, int destinationOffset, out int decodedLength)
        {
            if (source == null)
            {
                throw new System.ArgumentNullException(nameof(source));
            }

            if (destination == null)
            {
                throw new System.ArgumentNullException(nameof(destination));
            }

            if (offset < 0 || count < 0 || offset > source.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            if (destinationOffset < 0 || destinationOffset > destination.Length - (count - 1) || destinationOffset > destination.Length)
            {
                throw new System.ArgumentOutOfRangeException(nameof(destinationOffset));
            }

            decodedLength = 0;
            if (count == 0)
            {
                // Even an empty message has its code byte (0x01).
                return CobsStatus.Truncated;
            }

            int end = offset + count;
            int read = offset;
            int write = destinationOffset;
            while (read < end)
            {
                int code = source[read++];
                if (code == Delimiter)
                {
                    return CobsStatus.UnexpectedZero;
                }

                int dataLength = code - 1;
                if (dataLength > end - read)
                {
                    return CobsStatus.Truncated;
                }

                // A tight scan checks the block holds no 0x00, then one native Array.Copy moves it (memmove: safe in
                // place, where write never passes read).
                int blockEnd = read + dataLength;
                for (int scan = read; scan < blockEnd; scan++)
                {
                    if (source[scan] == Delimiter)
                    {
                        return CobsStatus.UnexpectedZero;
                    }
                }

                System.Array.Copy(source, read, destination, write, dataLength);
                read = blockEnd;
                write += dataLength;

                if (code != FullBlockCode && read < end)
                {
                    // The zero this block's code stands for; the one after the last block is not part of the message.
                    destination[write++] = Delimiter;
                }
            }

            decodedLength = write - destinationOffset;
            return CobsStatus.Ok;
        }
    }
}
