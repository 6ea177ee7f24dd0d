using HanBench.Device.Hal;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>The records kept in the settings store across a restart: the pending future-dated activation and the answer owed by the new firmware.</summary>
    public sealed partial class HubFirmwareActivator
    {
        private void StorePending(ulong originator, ulong counter, uint seconds, long atMs, byte[] hash)
        {
            WriteUInt64(_record, 0, originator);
            WriteUInt64(_record, 8, counter);
            WriteUInt32(_record, 16, seconds);
            System.Array.Copy(hash, 0, _record, 20, HashLength);
            _hub.Context.Settings.Write(PendingKey, _record, 0, PendingLength);
            SetPending(originator, counter, seconds, atMs, hash, 0);
        }

        private void LoadPending()
        {
            _hasPending = false;
            _pendingAtMs = WakeTime.Never;
            if (_hub.Context.Settings.TryRead(PendingKey, _record, 0, out int length) != StoreStatus.Ok || length != PendingLength)
            {
                return;
            }

            uint seconds = ReadUInt32(_record, 16);
            long atMs = ((long)seconds - _hub.Configuration.UtcSecondsAtClockZero) * MillisecondsPerSecond;
            SetPending(ReadUInt64(_record, 0), ReadUInt64(_record, 8), seconds, atMs, _record, 20);
        }

        private void SetPending(ulong originator, ulong counter, uint seconds, long atMs, byte[] hash, int hashOffset)
        {
            _hasPending = true;
            _pendingOriginator = originator;
            _pendingCounter = counter;
            _pendingSeconds = seconds;
            _pendingAtMs = atMs < 0 ? 0 : atMs;
            System.Array.Copy(hash, hashOffset, _pendingHash, 0, HashLength);
        }

        private void ClearPending()
        {
            if (_hasPending || _hub.Context.Settings.Contains(PendingKey))
            {
                _hub.Context.Settings.Delete(PendingKey);
            }

            _hasPending = false;
            _pendingAtMs = WakeTime.Never;
        }

        private void WriteAnswer(byte kind, ulong originator, ulong counter, uint seconds)
        {
            _record[0] = kind;
            WriteUInt64(_record, 1, originator);
            WriteUInt64(_record, 9, counter);
            WriteUInt32(_record, 17, seconds);
        }

        private static void WriteUInt64(byte[] buffer, int offset, ulong value)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }

        private static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }

        private static ulong ReadUInt64(byte[] buffer, int offset)
        {
            ulong value = 0;
            for (int i = 0; i < 8; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        private static uint ReadUInt32(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }
    }
}
