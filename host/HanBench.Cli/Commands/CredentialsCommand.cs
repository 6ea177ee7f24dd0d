using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using HanBench.Cli.Output;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench credentials show|requests|replace-supplier|change-supplier|replace-acb|issue|update-device|read-device|read-details</c>:
/// SMKI credential management on PPMIDs, Alt HAN bridges and Comms Hubs (SECMP0170 requirement 8) through the same
/// handler as DUIS 6.15.1, 6.23, 8.5, 6.17, 6.15.2, 6.24.2 and 6.24.1. The CLI has no device link: a request that passes
/// its checks is acknowledged (I99) and queued in the inventory, and <c>csp run</c> on the device's Comms Hub carries it
/// out; <c>requests</c> lists where each stands, <c>show</c> the certificates the inventory records, <c>settle</c> ends a
/// change whose outcome no read-back could find (CredentialsCommand.Doubt.cs).
/// </summary>
public static partial class CredentialsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("credentials", "SMKI credentials on PPMIDs, Alt HAN bridges and Comms Hubs (requirement 8): requests are queued for csp run; show, requests, replace, issue, update, read.");
        command.Add(CreateShow(console));
        command.Add(CreateRequests(console));
        command.Add(CreateReplace(console, "replace-supplier", ServiceReferenceVariants.UpdateSecurityCredentialsKrp, CredentialReplacementMode.SupplierBySupplier, "6.15.1 (CS02b): the supplier replaces its own certificates on the device."));
        command.Add(CreateReplace(console, "change-supplier", ServiceReferenceVariants.UpdateSecurityCredentialsCoS, CredentialReplacementMode.ChangeOfSupplier, "6.23 (CS02b): the incoming supplier's certificates on change of supplier."));
        command.Add(CreateReplace(console, "replace-acb", ServiceReferenceVariants.ServiceOptOut, CredentialReplacementMode.AcbByAcb, "8.5 (CS02b): replace the Access Control Broker's KA certificate."));
        command.Add(CreateUsage(console, "issue", ServiceReferenceVariants.IssueSecurityCredentials, CredentialUseCase.IssueDeviceCredentials, "6.17 (CS02c): the device makes a new key pair; the keystore's test CA certifies it."));
        command.Add(CreateUsage(console, "read-device", ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsDevice, CredentialUseCase.ProvideDeviceCertificate, "6.24.2 (CS02e): read the device's own certificate."));
        command.Add(CreateUpdateDevice(console));
        command.Add(CreateReadDetails(console));
        command.Add(CreateSettle(console));
        return command;
    }

    /// <summary>The certificates table <c>credentials show</c> and <c>inventory show</c> print.</summary>
    internal static void WriteCertificates(CliConsole console, IReadOnlyList<DeviceCertificateRecord> certificates)
    {
        if (certificates.Count == 0)
        {
            return;
        }

        var table = new Table { Border = TableBorder.Minimal, Title = new TableTitle("SMKI certificates") };
        foreach (string column in new[] { "Holder", "Usage", "State", "Party", "Serial", "Installed", "Replaced", "Request" })
        {
            table.AddColumn(column);
        }

        foreach (DeviceCertificateRecord c in certificates)
        {
            table.AddRow(
                Markup.Escape(c.Holder), c.Usage, c.State, c.Party?.ToString() ?? "-", c.Serial,
                InventoryAccess.Time(c.Installed), InventoryAccess.Time(c.Replaced), Markup.Escape(c.RequestId ?? "-"));
        }

        console.WriteTable(table);
    }

    private static Command CreateShow(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var device = new Argument<string>("device") { Description = "The device's EUI-64." };
        var command = new Command("show", "The device's certificates now and before (its own DS/KA and the remote parties' it trusts).") { device, db, json };
        command.SetAction(parse =>
        {
            Eui64 id = InventoryAccess.ParseEui(parse.GetValue(device), "device");
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            IReadOnlyList<DeviceCertificateRecord> history = store.Read(s => s.Devices.Find(id) is null ? null : new DeviceCertificates(s).History(id))
                ?? throw InventoryAccess.NotInInventory(id);
            IReadOnlyList<(CredentialIntentRecord Intent, string Held)> unsettled = store.Read(s => new CredentialIntents(s).For(id).Select(i => (i, HeldBehind(s, i))).ToList());
            if (parse.GetValue(json))
            {
                CliJson.WriteArray(console, history, (w, c) => c.WriteJson(w));
                foreach ((CredentialIntentRecord intent, string held) in unsettled)
                {
                    console.Error.WriteLine($"{intent.RequestId}: {intent.Describe(store.Time.GetUtcNow())}; held behind it: {held}");
                }
            }
            else
            {
                if (history.Count == 0)
                {
                    console.Out.WriteLine($"{id}: no certificates recorded yet (6.24.2 reads them from the device)");
                }

                WriteCertificates(console, history);
                WriteUnsettled(console, unsettled, store.Time.GetUtcNow());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRequests(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var device = new Argument<string?>("device") { Description = "Only this device's requests (EUI-64).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("requests", "Credential requests queued for csp run and how each ended (Queued, Sent, Done, Refused with the reason), newest first.") { device, db, json };
        command.SetAction(parse =>
        {
            Eui64? id = parse.GetValue(device) is { } text ? InventoryAccess.ParseEui(text, "device") : null;
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            if (id is { } one)
            {
                InventoryAccess.RequireHeld(store, [one]);
            }

            IReadOnlyList<CredentialRequestRecord> requests = store.Read(s => s.Credentials.Latest(id));
            Dictionary<string, CredentialIntentRecord> doubts = store.Read(s => new CredentialIntents(s).All()).ToDictionary(i => i.RequestId);
            DateTimeOffset now = store.Time.GetUtcNow();
            if (parse.GetValue(json))
            {
                CliJson.WriteArray(console, requests, (w, r) => WriteJson(w, r, doubts.GetValueOrDefault(r.RequestId), now));
                return ExitCodes.Ok;
            }

            if (requests.Count == 0)
            {
                console.Out.WriteLine(id is null ? "no credential requests" : $"{id}: no credential requests");
                return ExitCodes.Ok;
            }

            var table = new Table { Border = TableBorder.Minimal, Title = new TableTitle("Credential requests") };
            foreach (string column in new[] { "Request", "SRV", "Device", "State", "Code", "Outcome", "Updated", "Unsettled change" })
            {
                table.AddColumn(column);
            }

            foreach (CredentialRequestRecord r in requests)
            {
                table.AddRow(Markup.Escape(r.RequestId), r.ServiceReferenceVariant, r.DeviceId.ToString(), r.State.ToString(), r.ResponseCode ?? "-", Markup.Escape(r.Outcome ?? "-"), InventoryAccess.Time(r.UpdatedUtc),
                    Markup.Escape(doubts.GetValueOrDefault(r.RequestId)?.Describe(now) ?? "-"));
            }

            console.WriteTable(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteJson(System.Text.Json.Utf8JsonWriter w, CredentialRequestRecord r, CredentialIntentRecord? unsettled, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("requestId", r.RequestId);
        w.WriteString("serviceReferenceVariant", r.ServiceReferenceVariant);
        w.WriteString("deviceId", r.DeviceId.ToString());
        w.WriteString("commsHubId", r.CommsHubId.ToString());
        w.WriteString("useCase", r.UseCase);
        w.WriteString("state", r.State.ToString());
        w.WriteString("responseCode", r.ResponseCode);
        w.WriteString("outcome", r.Outcome);
        w.WriteBoolean("viaDuis", r.DuisServiceReference is not null);
        if (r.GbcsResponse is { } gbcs)
        {
            w.WriteBase64String("gbcsResponse", gbcs);
        }

        w.WriteString("created", InventoryAccess.Time(r.CreatedUtc));
        w.WriteString("updated", InventoryAccess.Time(r.UpdatedUtc));
        if (unsettled is not null)
        {
            w.WritePropertyName("unsettledChange");
            WriteJson(w, unsettled, now);
        }

        w.WriteEndObject();
    }

    private static Command CreateReplace(CliConsole console, string name, string srv, CredentialReplacementMode mode, string description)
    {
        var device = new Argument<string>("device") { Description = "The device's EUI-64." };
        bool acb = mode == CredentialReplacementMode.AcbByAcb;
        var ds = new Option<string?>("--ds") { Description = "The new DS certificate (PEM or DER file).", Hidden = acb };
        var ka = new Option<string?>("--ka") { Description = "The new KA certificate (PEM or DER file).", Required = acb };
        var path = new Option<string?>("--path") { Description = "The issuing CA's certificate the device checks them under (default: the keystore's test CA)." };
        var command = new Command(name, description) { device, ds, ka, path };
        return Sender(console, command, device, (parse, id, from, keystore) =>
        {
            var replacements = new List<ReplacementCertificate>();
            if (!acb && parse.GetValue(ds) is { } dsFile)
            {
                replacements.Add(new ReplacementCertificate(DeviceCertificates.DigitalSigning, ReadCertificate(dsFile, "--ds")));
            }

            if (parse.GetValue(ka) is { } kaFile)
            {
                replacements.Add(new ReplacementCertificate(DeviceCertificates.KeyAgreement, ReadCertificate(kaFile, "--ka")));
            }

            if (replacements.Count == 0)
            {
                throw new CliException("give the new certificates: --ds and/or --ka", ExitCodes.BadInput);
            }

            byte[] issuer = parse.GetValue(path) is { } pathFile ? ReadCertificate(pathFile, "--path")
                : keystore?.IssuingCertificate?.RawData ?? throw new CliException("--path: no issuing CA given and the keystore has none (hanbench keys init)", ExitCodes.BadInput);
            return new CredentialRequest(InventoryAccess.NewRequestId(from, id), srv, id, CredentialUseCase.ReplaceRemoteParty)
            {
                Originator = from,
                Mode = mode,
                Replacements = replacements,
                CertificationPath = [issuer],
            };
        });
    }

    private static Command CreateUsage(CliConsole console, string name, string srv, CredentialUseCase useCase, string description)
    {
        var device = new Argument<string>("device") { Description = "The device's EUI-64." };
        var usage = new Option<string>("--usage") { Description = "Which key: ds or ka.", DefaultValueFactory = _ => "ds" };
        usage.AcceptOnlyFromAmong("ds", "ka");
        var command = new Command(name, description) { device, usage };
        return Sender(console, command, device, (parse, id, from, _) =>
            new CredentialRequest(InventoryAccess.NewRequestId(from, id), srv, id, useCase)
            {
                Originator = from,
                Usage = parse.GetValue(usage) == "ka" ? DeviceCertificates.KeyAgreement : DeviceCertificates.DigitalSigning,
            });
    }

    private static Command CreateUpdateDevice(CliConsole console)
    {
        var device = new Argument<string>("device") { Description = "The device's EUI-64." };
        var certificate = new Option<string?>("--certificate") { Description = "The Device certificate (PEM or DER; default: the one 6.17 issued and the inventory holds pending)." };
        var usage = new Option<string>("--usage") { Description = "With no --certificate: the pending certificate of which key, ds or ka.", DefaultValueFactory = _ => "ds" };
        usage.AcceptOnlyFromAmong("ds", "ka");
        var command = new Command("update-device", "6.15.2 (CS02d): put a certificate for the device's own key on it.") { device, certificate, usage };
        return Sender(console, command, device, (parse, id, from, _, store) =>
        {
            byte[] der = parse.GetValue(certificate) is { } file ? ReadCertificate(file, "--certificate")
                : store.Read(s => new DeviceCertificates(s).Pending(id, parse.GetValue(usage) == "ka" ? DeviceCertificates.KeyAgreement : DeviceCertificates.DigitalSigning))?.Der
                    ?? throw new CliException($"{id}: no pending certificate (run 'hanbench credentials issue' first, or give --certificate)", ExitCodes.BadInput);
            return new CredentialRequest(InventoryAccess.NewRequestId(from, id), ServiceReferenceVariants.UpdateSecurityCredentialsDevice, id, CredentialUseCase.UpdateDeviceCertificate)
            {
                Originator = from,
                DeviceCertificate = der,
            };
        });
    }

    private static Command CreateReadDetails(CliConsole console)
    {
        var device = new Argument<string>("device") { Description = "The device's EUI-64." };
        var roles = new Option<string[]>("--role") { Description = "Remote party roles to ask about (DUIS names: Supplier, NetworkOperator, ACB, …).", DefaultValueFactory = _ => ["Supplier", "ACB"], AllowMultipleArgumentsPerToken = true };
        var command = new Command("read-details", "6.24.1 (CS02a): the remote parties' credentials details the device holds.") { device, roles };
        return Sender(console, command, device, (parse, id, from, _) =>
            new CredentialRequest(InventoryAccess.NewRequestId(from, id), ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp, id, CredentialUseCase.ProvideDetails)
            {
                Originator = from,
                RemotePartyRoles = parse.GetValue(roles) ?? [],
            });
    }

    private static Command Sender(CliConsole console, Command command, Argument<string> device, Func<ParseResult, Eui64, Eui64, Keystore?, CredentialRequest> build) =>
        Sender(console, command, device, (parse, id, from, keystore, _) => build(parse, id, from, keystore));

    /// <summary>The options every sending subcommand shares, and the run: build the request, handle it, print the outcome.</summary>
    private static Command Sender(CliConsole console, Command command, Argument<string> device, Func<ParseResult, Eui64, Eui64, Keystore?, InventoryStore, CredentialRequest> build)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        Option<string?> keystoreOption = KeystoreOption.Create();
        var serviceUser = new Option<string?>("--service-user") { Description = $"The Service User sending (RequestID originator). Default {InventoryAccess.DefaultServiceUser}." };
        command.Add(db);
        command.Add(json);
        command.Add(keystoreOption);
        command.Add(serviceUser);
        command.SetAction(parse =>
        {
            Eui64 id = InventoryAccess.ParseEui(parse.GetValue(device), "device");
            Eui64 from = parse.GetValue(serviceUser) is { } su ? InventoryAccess.ParseEui(su, "--service-user") : InventoryAccess.DefaultServiceUser;
            Keystore? keystore = KeystoreOption.Open(parse.GetValue(keystoreOption)) is { HasCertificateAuthority: true } open ? open : null;
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            CredentialRequest request = build(parse, id, from, keystore, store);
            CredentialResult result = InventoryAccess.Handlers(store, keystore: keystore).ManageCredentials.HandleAsync(request).GetAwaiter().GetResult();
            int code = InventoryAccess.Finish(console, result, parse.GetValue(json), w =>
            {
                w.WriteString("requestId", request.RequestId);
                w.WriteString("serviceReferenceVariant", request.ServiceReferenceVariant);
                w.WriteBoolean("deviceAccepted", result.DeviceAccepted);
                if (result.Issued is { } issued)
                {
                    w.WritePropertyName("issued");
                    issued.WriteJson(w);
                }
            });

            // A device's refusal is I0 in DUIS (its answer is the outcome), but for a script it is a failed step.
            return code == ExitCodes.Ok && result.Reply is { Status: FirmwareVersionReadStatus.Read } && !result.DeviceAccepted ? ExitCodes.Failed : code;
        });
        return command;
    }

    private static byte[] ReadCertificate(string file, string what)
    {
        byte[] bytes = ImageFiles.ReadInput(file, $"{what} certificate");
        try
        {
            using X509Certificate2 certificate = bytes.Length > 0 && bytes[0] == 0x30
                ? X509CertificateLoader.LoadCertificate(bytes)
                : X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(bytes));
            return certificate.RawData;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new CliException($"{what} {file}: not a PEM or DER certificate: {e.Message}", ExitCodes.BadInput);
        }
    }
}
