namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// An <see cref="OtaServer"/>'s table of client records (<see cref="OtaServerClient"/>), made once at the server's
    /// construction and reused: a client's record is found by its address or claimed (a free record, else the least
    /// recently active one that holds nothing worth keeping), and the download slots are counted against
    /// <see cref="OtaServerSettings.MaxConcurrentDownloads"/>. Not thread-safe.
    /// </summary>
    internal sealed class OtaServerClients
    {
        private readonly OtaServerClient[] _clients;
        private readonly OtaServerSettings _settings;
        private int _activeDownloads;

        /// <summary>A table of <paramref name="count"/> records under the cap of <paramref name="settings"/>.</summary>
        public OtaServerClients(int count, OtaServerSettings settings)
        {
            _settings = settings;
            _clients = new OtaServerClient[count];
            for (int i = 0; i < count; i++)
            {
                _clients[i] = new OtaServerClient();
            }
        }

        /// <summary>Records in the table (in use or not).</summary>
        public int Length => _clients.Length;

        /// <summary>Clients holding a download slot now.</summary>
        public int ActiveDownloads => _activeDownloads;

        /// <summary>The record at <paramref name="index"/> (in use or not).</summary>
        public OtaServerClient At(int index)
        {
            return _clients[index];
        }

        /// <summary>The record of <paramref name="address"/>, or null.</summary>
        public OtaServerClient? Find(ulong address)
        {
            for (int i = 0; i < _clients.Length; i++)
            {
                OtaServerClient client = _clients[i];
                if (client.InUse && client.Address == address)
                {
                    return client;
                }
            }

            return null;
        }

        /// <summary>
        /// The record of <paramref name="address"/>, else a record claimed for it: a free one, else the least recently
        /// active one that holds nothing worth keeping; null when every record is busy.
        /// </summary>
        public OtaServerClient? FindOrClaim(ulong address, long nowMs)
        {
            OtaServerClient? found = Find(address);
            if (found != null)
            {
                return found;
            }

            OtaServerClient? victim = null;
            for (int i = 0; i < _clients.Length; i++)
            {
                OtaServerClient client = _clients[i];
                if (!client.InUse)
                {
                    victim = client;
                    break;
                }

                if (!client.HoldsSlot && !client.PageActive && !client.HasPolicy && (victim == null || client.LastActivityMs < victim.LastActivityMs))
                {
                    victim = client;
                }
            }

            if (victim != null)
            {
                victim.Claim(address, nowMs);
            }

            return victim;
        }

        /// <summary>
        /// Lets <paramref name="client"/> download <paramref name="image"/>: it keeps its slot (a new image starts afresh), or
        /// takes one when the cap allows; false when every slot is taken.
        /// </summary>
        public bool Admit(OtaServerClient client, OtaServerImage image)
        {
            if (client.HoldsSlot)
            {
                if (!ReferenceEquals(client.Image, image))
                {
                    client.Image = image;
                    client.HighestOffset = 0;
                    client.PageActive = false;
                }

                return true;
            }

            int cap = _settings.MaxConcurrentDownloads;
            if (cap > 0 && _activeDownloads >= cap)
            {
                return false;
            }

            client.HoldsSlot = true;
            client.Image = image;
            client.HighestOffset = 0;
            _activeDownloads++;
            return true;
        }

        /// <summary>Ends <paramref name="client"/>'s download and frees its slot.</summary>
        public void Release(OtaServerClient client)
        {
            if (client.HoldsSlot)
            {
                _activeDownloads--;
            }

            client.EndDownload();
        }

        /// <summary>Ends every download of <paramref name="image"/> (it is no longer offered).</summary>
        public void ReleaseImage(OtaServerImage? image)
        {
            for (int i = 0; i < _clients.Length; i++)
            {
                OtaServerClient client = _clients[i];
                if (client.InUse && ReferenceEquals(client.Image, image))
                {
                    Release(client);
                }
            }
        }

        /// <summary>The next page block due, or the earliest download idle expiry; <see cref="long.MaxValue"/> when nothing is pending.</summary>
        public long NextWakeMs()
        {
            long wake = long.MaxValue;
            for (int i = 0; i < _clients.Length; i++)
            {
                OtaServerClient client = _clients[i];
                if (!client.InUse)
                {
                    continue;
                }

                if (client.PageActive && client.PageNextSendMs < wake)
                {
                    wake = client.PageNextSendMs;
                }

                if (client.HoldsSlot)
                {
                    long expiry = client.LastActivityMs + _settings.DownloadIdleTimeoutMs;
                    if (expiry < wake)
                    {
                        wake = expiry;
                    }
                }
            }

            return wake;
        }
    }
}
