using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Gbcs
{
    /// <summary>The CS02a–e payload codecs (the RTDS messages themselves are the conformance suite's): shapes, length forms, bounds, hostile input.</summary>
    [TestClass]
    public class CredentialPayloadTests
    {
        // A stand-in certificate: any DER SEQUENCE is carried as it is.
        private const string Certificate = "3003020105";

        [TestMethod]
        public void DetailsCommand_AcbCellTwoRoles_BothDirections()
        {
            CredentialsDetailsCommand command = new CredentialsDetailsCommand();
            command.Authorising.Role = RemotePartyRole.AccessControlBroker;
            command.Authorising.KeyUsage = GbcsKeyUsage.KeyAgreement;
            command.Roles[0] = RemotePartyRole.Supplier;
            command.Roles[1] = RemotePartyRole.NetworkOperator;
            command.RoleCount = 2;
            string hex = GbcsPayloadTests.Encode(command.EncodedLength, command.WriteTo);
            Assert.AreEqual("3011" + "3007020104" + "03020308" + "3006020102020103", hex);

            CredentialsDetailsCommand decoded = new CredentialsDetailsCommand();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)CredentialsDetailsCommand.TryDecode(GbcsPayloadTests.Reader(hex), decoded));
            Assert.AreEqual(2, decoded.RoleCount);
            Assert.AreEqual((byte)RemotePartyRole.NetworkOperator, (byte)decoded.Roles[1]);
            Assert.AreEqual(GbcsKeyUsage.KeyAgreement, decoded.Authorising.KeyUsage);
        }

        [TestMethod]
        public void DetailsCommand_NineRoles_RefusedAsOverBound()
        {
            string roles = string.Empty;
            for (int i = 0; i < 9; i++)
            {
                roles += "020102";
            }

            string hex = "3026" + "3007020104" + "03020308" + "301B" + roles;
            Assert.AreEqual((byte)GbcsPayloadStatus.LengthMismatch, (byte)CredentialsDetailsCommand.TryDecode(GbcsPayloadTests.Reader(hex), new CredentialsDetailsCommand()));
        }

        [TestMethod]
        public void DetailsResponse_LongContent_WrittenInTheDeviceLengthForm_AndReadBack()
        {
            CredentialsDetailsResponse response = new CredentialsDetailsResponse();
            for (int p = 0; p < 2; p++)
            {
                RemotePartyDetails party = response.Parties[response.PartyCount++];
                party.Role = p == 0 ? RemotePartyRole.Supplier : RemotePartyRole.AccessControlBroker;
                party.HasDetails = true;
                party.SeqNumber = 1000UL + (ulong)p;
                for (int c = 0; c < 3; c++)
                {
                    TrustAnchorContents cell = party.Cells[party.CellCount++];
                    cell.KeyUsage = c == 0 ? GbcsKeyUsage.DigitalSignature : GbcsKeyUsage.KeyAgreement;
                    cell.CellUsage = c == 2 ? TrustAnchorCell.PrepaymentTopUp : (byte)0;
                    cell.SubjectId = 0x90B3D51F30010000UL;
                    cell.SubjectKeyId = 0x0102030405060708UL + (ulong)c;
                }
            }

            string hex = GbcsPayloadTests.Encode(response.EncodedLength, response.WriteTo);
            Assert.AreEqual("3082", hex.Substring(0, 4), "128 and up: 82 hh ll, as the RTDS device responses");
            CredentialsDetailsResponse decoded = new CredentialsDetailsResponse();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)CredentialsDetailsResponse.TryDecode(GbcsPayloadTests.Reader(hex), decoded));
            Assert.AreEqual(2, decoded.PartyCount);
            Assert.AreEqual(1001UL, decoded.Parties[1].SeqNumber);
            Assert.AreEqual(TrustAnchorCell.PrepaymentTopUp, decoded.Parties[1].Cells[2].CellUsage);
            Assert.AreEqual(0x010203040506070AUL, decoded.Parties[1].Cells[2].SubjectKeyId);
            Assert.AreEqual(hex, GbcsPayloadTests.Encode(decoded.EncodedLength, decoded.WriteTo));
        }

        [TestMethod]
        public void DetailsResponse_TrustAnchorNotFound_HasNoDetails()
        {
            CredentialsDetailsResponse decoded = new CredentialsDetailsResponse();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)CredentialsDetailsResponse.TryDecode(GbcsPayloadTests.Reader("3008" + "3006020106" + "0A0119"), decoded));
            Assert.IsFalse(decoded.Parties[0].HasDetails);
            Assert.AreEqual((byte)CredentialStatus.TrustAnchorNotFound, (byte)decoded.Parties[0].Status);
            Assert.AreEqual((byte)RemotePartyRole.WanProvider, (byte)decoded.Parties[0].Role);
        }

        [TestMethod]
        public void UpdateCommand_EveryOptionalElement_RoundTrips()
        {
            UpdateCredentialsCommand command = new UpdateCredentialsCommand();
            command.Mode = ReplacementMode.SupplierBySupplier;
            command.HasCpvChecks = true;
            command.CpvChecks = 1;
            command.HasAuthorising = true;
            command.Authorising.Role = RemotePartyRole.Supplier;
            command.Authorising.KeyUsage = GbcsKeyUsage.DigitalSignature;
            command.SeqNumber = 1000;
            command.HasFloor = true;
            command.FloorSeqNumber = 7;
            command.HasSpecialistFloors = true;
            command.SpecialistFloors.Count = 1;
            command.SpecialistFloors.Numbers[0] = 3;
            command.OtherChangeCount = 1;
            command.OtherChanges[0].Role = RemotePartyRole.NetworkOperator;
            command.OtherChanges[0].FloorSeqNumber = 9;
            byte[] certificate = GbcsVectors.Bytes(Certificate);
            TrustAnchorReplacement replacement = command.Replacements[command.ReplacementCount++];
            replacement.Certificate.Set(certificate, 0, certificate.Length);
            replacement.Target.Role = RemotePartyRole.Supplier;
            replacement.Target.KeyUsage = GbcsKeyUsage.KeyAgreement;
            replacement.Target.CellUsage = TrustAnchorCell.PrepaymentTopUp;
            command.Path[command.PathCount++].Set(certificate, 0, certificate.Length);
            command.HasExecutionDateTime = true;
            command.ExecutionDateTime = new GbcsTimestamp(2030, 1, 15, 0, 0, 0);
            string hex = GbcsPayloadTests.Encode(command.EncodedLength, command.WriteTo);

            UpdateCredentialsCommand decoded = new UpdateCredentialsCommand();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)UpdateCredentialsCommand.TryDecode(GbcsPayloadTests.Reader(hex), decoded));
            Assert.AreEqual((byte)ReplacementMode.SupplierBySupplier, (byte)decoded.Mode);
            Assert.AreEqual((byte)1, decoded.CpvChecks);
            Assert.AreEqual(1000UL, decoded.SeqNumber);
            Assert.AreEqual(7UL, decoded.FloorSeqNumber);
            Assert.AreEqual(3UL, decoded.SpecialistFloors.Numbers[0]);
            Assert.AreEqual(9UL, decoded.OtherChanges[0].FloorSeqNumber);
            Assert.AreEqual(Certificate, Hex.Encode(decoded.Replacements[0].Certificate.ToArray()));
            Assert.AreEqual(TrustAnchorCell.PrepaymentTopUp, decoded.Replacements[0].Target.CellUsage);
            Assert.AreEqual(Certificate, Hex.Encode(decoded.Path[0].ToArray()));
            Assert.AreEqual("2030-01-15T00:00:00Z", decoded.ExecutionDateTime.ToString());
            Assert.AreEqual(hex, GbcsPayloadTests.Encode(decoded.EncodedLength, decoded.WriteTo));
        }

        [TestMethod]
        public void UpdateCommand_PlaintextKeyElement_RefusedAsUnexpectedTag()
        {
            // control: mode 4, [0] plaintext symmetric key (not supported), [3] seq
            string hex = "3011" + "300B" + "020104" + "800201FF" + "830205" + "14" + "3000" + "3000";
            Assert.AreEqual((byte)GbcsPayloadStatus.UnexpectedTag, (byte)UpdateCredentialsCommand.TryDecode(GbcsPayloadTests.Reader(hex), new UpdateCredentialsCommand()));
        }

        [TestMethod]
        public void UpdateResponse_AcceptedOnly_AndWithOutcome_BothDirections()
        {
            UpdateCredentialsResponse response = new UpdateCredentialsResponse();
            Assert.AreEqual("30020500", GbcsPayloadTests.Encode(response.EncodedLength, response.WriteTo));

            response.HasOutcome = true;
            UpdateCredentialsOutcome outcome = response.Outcome;
            outcome.SeqNumber = 1300;
            outcome.Mode = ReplacementMode.AcbByAcb;
            outcome.ChangeCount = 1;
            outcome.Changes[0].Role = RemotePartyRole.AccessControlBroker;
            outcome.OutcomeCount = 1;
            ReplacementOutcome result = outcome.Outcomes[0];
            result.Cell.Role = RemotePartyRole.AccessControlBroker;
            result.Cell.KeyUsage = GbcsKeyUsage.KeyAgreement;
            result.Status = CredentialStatus.BadCertificate;
            result.ExistingId = 0x90B3D51F30000002UL;
            result.ReplacingId = 0x90B3D51F30000002UL;
            string hex = GbcsPayloadTests.Encode(response.EncodedLength, response.WriteTo);

            UpdateCredentialsResponse decoded = new UpdateCredentialsResponse();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)UpdateCredentialsResponse.TryDecode(GbcsPayloadTests.Reader(hex), decoded));
            Assert.IsTrue(decoded.HasOutcome);
            Assert.AreEqual(1300UL, decoded.Outcome.SeqNumber);
            Assert.AreEqual((byte)CredentialStatus.BadCertificate, (byte)decoded.Outcome.Outcomes[0].Status);
            Assert.AreEqual(hex, GbcsPayloadTests.Encode(decoded.EncodedLength, decoded.WriteTo));
        }

        [TestMethod]
        public void Alert_OtherThanFutureDatedCodes_Refused()
        {
            UpdateCredentialsAlert alert = new UpdateCredentialsAlert();
            alert.ExecutionDateTime = new GbcsTimestamp(2030, 1, 2, 0, 0, 0);
            string hex = GbcsPayloadTests.Encode(alert.EncodedLength, alert.WriteTo);
            UpdateCredentialsAlert decoded = new UpdateCredentialsAlert();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)UpdateCredentialsAlert.TryDecode(GbcsPayloadTests.Reader(hex), decoded));
            Assert.AreEqual(GbcsAlertCode.FutureDatedCommandActioned, decoded.AlertCode);

            // 0x8F66 -> 0x8F8B
            int at = hex.IndexOf("8F66");
            string other = hex.Substring(0, at) + "8F8B" + hex.Substring(at + 4);
            Assert.AreEqual((byte)GbcsPayloadStatus.UnknownAlertCode, (byte)UpdateCredentialsAlert.TryDecode(GbcsPayloadTests.Reader(other), decoded));
        }

        [TestMethod]
        public void KeyUsageCommand_DsAndKa_AndNonDerBitString()
        {
            KeyUsageCommand command = new KeyUsageCommand();
            command.KeyUsage = GbcsKeyUsage.DigitalSignature;
            Assert.AreEqual("300403020780", GbcsPayloadTests.Encode(KeyUsageCommand.EncodedLength, command.WriteTo));
            command.KeyUsage = GbcsKeyUsage.KeyAgreement;
            Assert.AreEqual("300403020308", GbcsPayloadTests.Encode(KeyUsageCommand.EncodedLength, command.WriteTo));

            KeyUsageCommand decoded = new KeyUsageCommand();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)KeyUsageCommand.TryDecode(GbcsPayloadTests.Reader("300403020308"), decoded));
            Assert.AreEqual(GbcsKeyUsage.KeyAgreement, decoded.KeyUsage);

            // unused-bits count that does not match the value (DER) and an empty usage
            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedInteger, (byte)KeyUsageCommand.TryDecode(GbcsPayloadTests.Reader("300403020680"), decoded));
            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedInteger, (byte)KeyUsageCommand.TryDecode(GbcsPayloadTests.Reader("300403020000"), decoded));
        }

        [TestMethod]
        public void CertificateOrCode_DerOrResponseCode_BothDirections()
        {
            CertificateOrCode decoded = new CertificateOrCode();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)CertificateOrCode.TryDecode(GbcsPayloadTests.Reader("020103"), decoded));
            Assert.IsFalse(decoded.HasDer);
            Assert.AreEqual((byte)3, decoded.ResponseCode);

            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)CertificateOrCode.TryDecode(GbcsPayloadTests.Reader(Certificate), decoded));
            Assert.IsTrue(decoded.HasDer);
            Assert.AreEqual(Certificate, GbcsPayloadTests.Encode(decoded.EncodedLength, decoded.WriteTo));
            Assert.AreEqual((byte)GbcsPayloadStatus.TrailingBytes, (byte)CertificateOrCode.TryDecode(GbcsPayloadTests.Reader(Certificate + "00"), decoded));
        }

        [TestMethod]
        public void EveryCredentialDecoder_RandomBytes_NeverThrows()
        {
            TestRandom random = new TestRandom(0x637332726E643031UL);
            OutputHelper.WriteLine("seed " + random.Seed.ToString("X16"));
            byte[] buffer = new byte[200];
            CredentialsDetailsCommand detailsCommand = new CredentialsDetailsCommand();
            CredentialsDetailsResponse details = new CredentialsDetailsResponse();
            UpdateCredentialsCommand update = new UpdateCredentialsCommand();
            UpdateCredentialsResponse response = new UpdateCredentialsResponse();
            UpdateCredentialsAlert alert = new UpdateCredentialsAlert();
            KeyUsageCommand usage = new KeyUsageCommand();
            CertificateOrCode body = new CertificateOrCode();
            int ok = 0;
            for (int i = 0; i < 3000; i++)
            {
                int length = random.Next(buffer.Length + 1);
                random.NextBytes(buffer, 0, length);
                if (length > 2)
                {
                    // a SEQUENCE header spanning the rest, so the decoders get past the first element
                    buffer[0] = 0x30;
                    buffer[1] = (byte)(length - 2 < 0x80 ? length - 2 : 0x7F);
                }

                ByteReader reader = new ByteReader(buffer, 0, length);
                int kind = i % 7;
                GbcsPayloadStatus status = kind == 0 ? CredentialsDetailsCommand.TryDecode(reader, detailsCommand)
                    : kind == 1 ? CredentialsDetailsResponse.TryDecode(reader, details)
                    : kind == 2 ? UpdateCredentialsCommand.TryDecode(reader, update)
                    : kind == 3 ? UpdateCredentialsResponse.TryDecode(reader, response)
                    : kind == 4 ? UpdateCredentialsAlert.TryDecode(reader, alert)
                    : kind == 5 ? KeyUsageCommand.TryDecode(reader, usage)
                    : CertificateOrCode.TryDecode(reader, body);
                Assert.IsTrue(reader.Position <= length, "seed " + random.Seed.ToString("X16") + " case " + i.ToString());
                if (status == GbcsPayloadStatus.Ok)
                {
                    ok++;
                }
            }

            OutputHelper.WriteLine("random CS02 payloads decoded Ok: " + ok.ToString());
        }
    }
}
