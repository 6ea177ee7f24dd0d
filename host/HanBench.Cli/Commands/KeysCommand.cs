using System.CommandLine;
using HanBench.Cli.Output;
using HanBench.Device.Roles;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench keys init|issue|list|export|import</c>: the keystore the bench shares (parties, their DS and KA
/// certificates and keys, the test PKI). The logic is <see cref="Keystore"/>'s; this only parses and prints.
/// </summary>
public static class KeysCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("keys", "The keystore: parties, DS/KA certificates and keys, the HanBench test PKI.");
        command.Add(CreateInit(console));
        command.Add(CreateIssue(console));
        command.Add(CreateList(console));
        command.Add(CreateExport(console));
        command.Add(CreateImport(console));
        return command;
    }

    private static Command CreateInit(CliConsole console)
    {
        Option<string?> keystore = KeystoreOption.Create();
        var noParties = new Option<bool>("--no-parties") { Description = "Create the CAs only, not the default ACB and supplier." };
        var command = new Command("init", $"Create the test PKI (root and issuing CA) and, unless --no-parties, the default ACB ({new Eui64(RoleSettings.DefaultAcbSystemTitle)}) and supplier ({new Eui64(RoleSettings.DefaultSupplierSystemTitle)}) with fresh keys where none exist.") { keystore, noParties };
        command.SetAction(parse => Guard(() =>
        {
            string folder = KeystoreOption.PathOf(parse.GetValue(keystore));
            Keystore store = KeystoreOption.Guard(folder, () => Keystore.Init(folder, DateTimeOffset.UtcNow, !parse.GetValue(noParties)));
            console.Out.WriteLine($"keystore {store.Folder}: test CA ready, {store.Parties.Count} {(store.Parties.Count == 1 ? "party" : "parties")}, {store.Credentials.Count} credential(s)");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateIssue(CliConsole console)
    {
        Option<string?> keystore = KeystoreOption.Create();
        var id = new Option<string>("--id") { Description = "The party's EUI-64.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Enum.GetNames<PartyRole>())}.", DefaultValueFactory = _ => nameof(PartyRole.Device) };
        var name = new Option<string?>("--name") { Description = "A name (Organisation certificates carry it as CN)." };
        var command = new Command("issue", "Create a party's DS and KA key pairs and certificates from the test CA (Device profile for a device).") { id, role, name, keystore };
        command.SetAction(parse => Guard(() =>
        {
            Keystore store = KeystoreOption.Open(parse.GetValue(keystore));
            Party party = store.Locked(() => store.Issue(InventoryAccess.ParseEui(parse.GetValue(id), "--id"), InventoryAccess.ParseEnum<PartyRole>(parse.GetValue(role), "--role"), parse.GetValue(name), DateTimeOffset.UtcNow));
            console.Out.WriteLine($"issued DS and KA certificates for {party.Id} ({party.Role}) in {store.Folder}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        Option<string?> keystore = KeystoreOption.Create();
        var json = InventoryAccess.JsonOption();
        var command = new Command("list", "Every credential: party, role, usage, serial, issuer, whether HanBench holds the private key.") { keystore, json };
        command.SetAction(parse => Guard(() =>
        {
            Keystore store = KeystoreOption.OpenExisting(parse.GetValue(keystore));
            IReadOnlyList<PartyCredential> credentials = store.Credentials;
            if (parse.GetValue(json))
            {
                CliJson.WriteList(console, credentials.Select(c => CredentialJson.From(store, c)));
                return ExitCodes.Ok;
            }

            if (!console.IsTerminal)
            {
                // Piped: one record per line, tab-separated, for grep/cut/awk.
                foreach (PartyCredential c in credentials)
                {
                    console.Out.WriteLine(string.Join('\t', c.Party, store.FindParty(c.Party)?.Role.ToString() ?? "-", c.Usage.Suffix(), c.Primary ? "primary" : c.IsXmlSigning ? "xml-signing" : "additional", c.Serial, c.PrivateKeyPem is null ? "certificate" : "certificate+key"));
                }

                return ExitCodes.Ok;
            }

            var table = new Table { Border = TableBorder.Rounded };
            foreach (string column in new[] { "Party", "Role", "Usage", "Kind", "Serial", "Issuer", "Key" })
            {
                table.AddColumn(column);
            }

            foreach (PartyCredential c in credentials)
            {
                table.AddRow(
                    Markup.Escape(c.Party.ToString()), Markup.Escape(store.FindParty(c.Party)?.Role.ToString() ?? "-"), c.Usage.Suffix(),
                    c.Primary ? "primary" : c.IsXmlSigning ? "xml-signing" : "additional", c.Serial, Markup.Escape(c.Certificate.Issuer), c.PrivateKeyPem is null ? "-" : "held");
            }

            console.Ansi.Write(table);
            console.Out.WriteLine($"{credentials.Count} credential(s) of {store.Parties.Count} {(store.Parties.Count == 1 ? "party" : "parties")} in {store.Folder}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateExport(CliConsole console)
    {
        Option<string?> keystore = KeystoreOption.Create();
        var dir = new Option<string>("--dir") { Description = "Folder to write <eui>-ds.pem|-ka.pem|-ds.key|-ka.key into.", Required = true };
        var command = new Command("export", "Write certificates and held private keys (0600) in the RTDS keystore layout.") { dir, keystore };
        command.SetAction(parse => Guard(() =>
        {
            // A file given as the folder is said naming the option, not as .NET's "The file … already exists".
            FileArguments.RefuseFile(parse.GetValue(dir)!, "--dir");
            int files = KeystoreOption.OpenExisting(parse.GetValue(keystore)).Export(parse.GetValue(dir)!);
            console.Out.WriteLine($"{files} file(s) written to {parse.GetValue(dir)}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateImport(CliConsole console)
    {
        Option<string?> keystore = KeystoreOption.Create();
        var dir = new Option<string?>("--dir") { Description = "A folder in the RTDS keystore layout (<eui>-ds.pem, <eui>-ds.key, …)." };
        var dccBoxed = new Option<string?>("--dccboxed") { Description = "DCC Boxed's keystore.json: all its parties at once." };
        var command = new Command("import", "Bring in parties' certificates and keys (the RTDS keystore folder, or DCC Boxed's keystore.json).") { dir, dccBoxed, keystore };
        command.SetAction(parse => Guard(() =>
        {
            Keystore store = KeystoreOption.Open(parse.GetValue(keystore));
            KeystoreImportReport report = (parse.GetValue(dir), parse.GetValue(dccBoxed)) switch
            {
                ({ } folder, null) => store.Locked(() => store.ImportFolder(folder)),
                (null, { } json) => store.Locked(() => store.ImportDccBoxed(json)),
                _ => throw new CliException("give exactly one of --dir or --dccboxed", ExitCodes.BadInput),
            };
            foreach (string warning in report.Warnings)
            {
                console.Error.WriteLine($"hanbench: warning: {warning}");
            }

            console.Out.WriteLine($"imported {report.Credentials} certificate(s), {report.PrivateKeys} with private keys, for {report.Parties} {(report.Parties == 1 ? "party" : "parties")} into {store.Folder}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Turns the keystore's own failures into one line and exit 2.</summary>
    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            throw new CliException(e.Message, ExitCodes.BadInput);
        }
    }
}
