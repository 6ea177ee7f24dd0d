using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// The supplementary remote party of a CS08 (docs/GBCS-SECURITY.md §1; RTDS 11.2_CS08): the ACB sends the command on
    /// behalf of the device's supplier and names it in the Grouping Header's other information, with a counter of that
    /// supplier's. Checked after the MAC and the originator counter (HanBench's order: GBCS 6.2.4, command authenticity and
    /// integrity verification, and 4.3.1.5, protection against replay, are known here only from the GBCS v0.8.1 release
    /// note, which says 6.2.4 makes the sequence of checks explicit and 4.3.1.5 sets which anti-replay counters a device
    /// keeps, not what they are; docs/PROTOCOL.md §3): the id must be the supplier the device's DS trust anchor names now,
    /// and the counter must be above the last one accepted for that party, kept in the settings store under
    /// <see cref="SettingsKey"/> so a restart cannot reopen a replay.
    /// <see cref="Check"/> changes nothing; <see cref="Accept"/> records the counter once the command is carried out.
    /// </summary>
    public sealed class SupplementaryRemotePartyCheck
    {
        /// <summary>Settings key of the supplementary remote party counters.</summary>
        public const string SettingsKey = "gbcs.srp";

        private readonly GbcsCommandGuard _counters;
        private readonly TrustAnchorStore _anchors;

        /// <summary>A check against <paramref name="anchors"/>' supplier with counters persisted in <paramref name="settings"/>.</summary>
        public SupplementaryRemotePartyCheck(ISettingsStore settings, TrustAnchorStore anchors)
        {
            _counters = new GbcsCommandGuard(settings, SettingsKey, "supplementary remote party counter");
            _anchors = anchors;
        }

        /// <summary>The counters accepted per supplementary remote party.</summary>
        public GbcsCommandGuard Counters => _counters;

        /// <summary>Restores the counters from the store.</summary>
        public void Load()
        {
            _counters.Load();
        }

        /// <summary>
        /// Null when the authenticated <paramref name="envelope"/> names the device's current supplier as its supplementary
        /// remote party with a counter above the last accepted for it; otherwise why not. Changes nothing.
        /// </summary>
        public string? Check(GbcsEnvelope envelope)
        {
            if (!envelope.HasSupplementaryRemotePartyId || !envelope.HasSupplementaryRemotePartyCounter)
            {
                return "supplementary remote party id and counter missing from the other information";
            }

            ulong party = envelope.SupplementaryRemotePartyId;
            int cell = _anchors.Find(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0);
            if (cell < 0)
            {
                return "supplementary remote party " + party.ToString("X16") + " refused: the device has no supplier trust anchor";
            }

            ulong supplier = _anchors.SubjectIdAt(cell);
            if (party != supplier)
            {
                return "supplementary remote party " + party.ToString("X16") + " is not the device's supplier " + supplier.ToString("X16");
            }

            ulong counter = envelope.SupplementaryRemotePartyCounter;
            OriginatorCounterStatus status = _counters.Check(party, counter);
            return status == OriginatorCounterStatus.Accepted ? null : _counters.Describe(status, party, counter);
        }

        /// <summary>Records the counter of <paramref name="envelope"/>, which <see cref="Check"/> passed, and persists it.</summary>
        public void Accept(GbcsEnvelope envelope)
        {
            _counters.Accept(envelope.SupplementaryRemotePartyId, envelope.SupplementaryRemotePartyCounter);
        }
    }
}
