namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Where an <see cref="OtaClient"/> keeps its resume record (<see cref="OtaResumeRecord"/>, a few bytes) across a
    /// restart: a board adapts its settings store under one key. Written every
    /// <see cref="OtaClientSettings.PersistIntervalBytes"/>, not every block, to spare the flash.
    /// </summary>
    public interface IOtaProgressStore
    {
        /// <summary>Copies the stored record into <paramref name="buffer"/> at <paramref name="offset"/>; false when none is stored or it does not fit.</summary>
        bool TryRead(byte[] buffer, int offset, out int length);

        /// <summary>Stores <paramref name="count"/> bytes of <paramref name="buffer"/> durably, replacing the record; false on failure.</summary>
        bool Write(byte[] buffer, int offset, int count);

        /// <summary>Removes the record.</summary>
        void Clear();
    }
}
