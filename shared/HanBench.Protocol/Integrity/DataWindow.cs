namespace HanBench.Protocol.Integrity
{
    /// <summary>
    /// The argument check every checksum and hash here makes on the window (<c>data</c>, <c>offset</c>,
    /// <c>count</c>) it is given. A bad window is a programmer error, so it throws.
    /// </summary>
    internal static class DataWindow
    {
        /// <summary>
        /// Throws <see cref="System.ArgumentNullException"/> (naming <paramref name="dataName"/>) for null data and
        /// <see cref="System.ArgumentOutOfRangeException"/> (naming count) for a window outside it.
        /// </summary>
        public static void Check(byte[] data, int offset, int count, string dataName)
        {
            if (data == null)
            {
                throw new System.ArgumentNullException(dataName);
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }
        }
    }
}
