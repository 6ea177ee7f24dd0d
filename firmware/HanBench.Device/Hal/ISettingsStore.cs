namespace HanBench.Device.Hal
{
    /// <summary>
    /// Small persistent key/value state that must survive a restart: firmware version per component, GBCS originator
    /// counters (strictly increasing: a replay is rejected), OTA resume offsets, role configuration. A write is atomic:
    /// after a power cut the key holds the old value or the new one, never a mix. Values are at most
    /// <see cref="StoreKey.MaxValueLength"/> bytes.
    /// </summary>
    public interface ISettingsStore
    {
        /// <summary>
        /// Copies the value of <paramref name="key"/> into <paramref name="buffer"/> at <paramref name="offset"/>.
        /// <paramref name="length"/> is the value's length, also when the answer is <see cref="StoreStatus.BufferTooSmall"/>.
        /// </summary>
        StoreStatus TryRead(string key, byte[] buffer, int offset, out int length);

        /// <summary>Stores <paramref name="count"/> bytes of <paramref name="value"/> under <paramref name="key"/>, durably, before returning.</summary>
        StoreStatus Write(string key, byte[] value, int offset, int count);

        /// <summary>True when <paramref name="key"/> holds a value.</summary>
        bool Contains(string key);

        /// <summary>Removes <paramref name="key"/>; <see cref="StoreStatus.NotFound"/> when it held nothing.</summary>
        StoreStatus Delete(string key);

        /// <summary>Every key that holds a value, in no particular order.</summary>
        string[] Keys();
    }
}
