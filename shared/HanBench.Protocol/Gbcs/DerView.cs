namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// A whole DER element (a certificate, a certification request) inside someone's buffer, header included: decoding
    /// points it into the decoded buffer (nothing copied), an encoder is given one to write. Empty when <see cref="Length"/> is 0.
    /// </summary>
    public sealed class DerView
    {
        private static readonly byte[] NoBytes = new byte[0];

        /// <summary>The buffer holding the element.</summary>
        public byte[] Buffer { get; private set; } = NoBytes;

        /// <summary>Where the element starts in <see cref="Buffer"/>.</summary>
        public int Offset { get; private set; }

        /// <summary>Octets of the element.</summary>
        public int Length { get; private set; }

        /// <summary>Points the view at <paramref name="count"/> octets of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public void Set(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            Buffer = buffer;
            Offset = offset;
            Length = count;
        }

        /// <summary>Empties the view.</summary>
        public void Clear()
        {
            Buffer = NoBytes;
            Offset = 0;
            Length = 0;
        }

        /// <summary>A copy of the element's octets.</summary>
        public byte[] ToArray()
        {
            byte[] copy = new byte[Length];
            System.Array.Copy(Buffer, Offset, copy, 0, Length);
            return copy;
        }
    }
}
