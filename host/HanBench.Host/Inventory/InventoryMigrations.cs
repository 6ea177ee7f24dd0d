namespace HanBench.Host.Inventory;

/// <summary>
/// The inventory schema as an ordered list of migrations. Append new steps at the end; never edit a released
/// one (a database that already ran it would not run it again).
/// </summary>
public static class InventoryMigrations
{
    /// <summary>Every step, in order.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "devices, firmware versions per component, Central Product List", """
            CREATE TABLE devices (
                eui64               TEXT PRIMARY KEY NOT NULL,
                device_type         TEXT NOT NULL,
                status              TEXT NOT NULL,
                manufacturer        TEXT NOT NULL,
                model               TEXT NOT NULL,
                smets_chts_version  TEXT NULL,
                smets_variant       TEXT NULL,
                comms_hub_eui64     TEXT NULL REFERENCES devices(eui64),
                install_code        TEXT NULL,
                join_period_seconds INTEGER NULL,
                date_commissioned   TEXT NULL,
                created_utc         TEXT NOT NULL,
                updated_utc         TEXT NOT NULL
            );
            CREATE INDEX ix_devices_comms_hub ON devices(comms_hub_eui64);

            CREATE TABLE device_firmware (
                eui64       TEXT NOT NULL REFERENCES devices(eui64) ON DELETE CASCADE,
                component   TEXT NOT NULL,
                version     TEXT NOT NULL,
                updated_utc TEXT NOT NULL,
                PRIMARY KEY (eui64, component)
            );

            CREATE TABLE cpl_entries (
                manufacturer     TEXT NOT NULL,
                model            TEXT NOT NULL,
                component        TEXT NOT NULL,
                firmware_version TEXT NOT NULL,
                image_hash       TEXT NOT NULL,
                status           TEXT NOT NULL,
                PRIMARY KEY (manufacturer, model, component, firmware_version)
            );
            CREATE INDEX ix_cpl_hash ON cpl_entries(image_hash);
            """),
        new(2, "firmware images, requests and per-device progress", """
            CREATE TABLE firmware_images (
                image_hash  TEXT PRIMARY KEY NOT NULL,
                size_bytes  INTEGER NOT NULL,
                data        BLOB NOT NULL,
                created_utc TEXT NOT NULL
            );

            CREATE TABLE firmware_requests (
                id                INTEGER PRIMARY KEY AUTOINCREMENT,
                request_id        TEXT NOT NULL UNIQUE,
                service_reference TEXT NOT NULL,
                firmware_version  TEXT NOT NULL,
                image_hash        TEXT NOT NULL REFERENCES firmware_images(image_hash),
                created_utc       TEXT NOT NULL
            );

            CREATE TABLE firmware_progress (
                request_row     INTEGER NOT NULL REFERENCES firmware_requests(id),
                eui64           TEXT NOT NULL REFERENCES devices(eui64),
                comms_hub_eui64 TEXT NOT NULL,
                component       TEXT NOT NULL,
                state           TEXT NOT NULL,
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_retry_utc  TEXT NULL,
                bytes_done      INTEGER NOT NULL DEFAULT 0,
                bytes_total     INTEGER NOT NULL,
                failure_reason  TEXT NULL,
                updated_utc     TEXT NOT NULL,
                PRIMARY KEY (request_row, eui64)
            );
            -- SECMP0170 §4.2: one firmware update in progress per device; the database refuses a second.
            CREATE UNIQUE INDEX ux_progress_one_active_per_device
                ON firmware_progress(eui64) WHERE state NOT IN ('Activated', 'Failed');
            """),
        new(3, "DCC alerts issued and the audit log", """
            CREATE TABLE dcc_alerts (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                idempotency_key TEXT NOT NULL UNIQUE,
                alert_code      TEXT NOT NULL,
                device_eui64    TEXT NULL,
                request_id      TEXT NULL,
                body            TEXT NULL,
                created_utc     TEXT NOT NULL,
                delivered_utc   TEXT NULL
            );

            CREATE TABLE audit_log (
                id                INTEGER PRIMARY KEY AUTOINCREMENT,
                at_utc            TEXT NOT NULL,
                request_id        TEXT NULL,
                service_reference TEXT NOT NULL,
                target            TEXT NULL,
                response_code     TEXT NOT NULL,
                message           TEXT NOT NULL
            );
            """),
        new(4, "Service Users, alert delivery, firmware version history", """
            -- SECMP0024 §4.1: N64 goes to every responsible supplier; a Service User on an older DUIS version gets N999.
            CREATE TABLE service_users (
                eui64        TEXT PRIMARY KEY NOT NULL,
                name         TEXT NOT NULL,
                role         TEXT NOT NULL,
                duis_version TEXT NOT NULL,
                alert_url    TEXT NULL,
                created_utc  TEXT NOT NULL,
                updated_utc  TEXT NOT NULL
            );

            -- Who an alert is for and how its delivery went (the outbox is retried until a Service User accepts it).
            ALTER TABLE dcc_alerts ADD COLUMN recipient_eui64 TEXT NULL;
            ALTER TABLE dcc_alerts ADD COLUMN delivery_attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE dcc_alerts ADD COLUMN last_delivery_error TEXT NULL;
            CREATE INDEX ix_dcc_alerts_undelivered ON dcc_alerts(id) WHERE delivered_utc IS NULL;

            -- SECMP0170 §3.4 requirement 5: records of firmware deployments and current versions. Triggers keep the
            -- history whatever path changes a version (12.2, 8.4, 11.2, an activation alert).
            CREATE TABLE firmware_history (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                eui64        TEXT NOT NULL,
                component    TEXT NOT NULL,
                from_version TEXT NULL,
                to_version   TEXT NOT NULL,
                at_utc       TEXT NOT NULL
            );
            CREATE INDEX ix_firmware_history_device ON firmware_history(eui64, id);

            CREATE TRIGGER tr_device_firmware_inserted AFTER INSERT ON device_firmware
            BEGIN
                INSERT INTO firmware_history (eui64, component, from_version, to_version, at_utc)
                VALUES (NEW.eui64, NEW.component, NULL, NEW.version, NEW.updated_utc);
            END;

            CREATE TRIGGER tr_device_firmware_changed AFTER UPDATE OF version ON device_firmware
            WHEN OLD.version IS NOT NEW.version
            BEGIN
                INSERT INTO firmware_history (eui64, component, from_version, to_version, at_utc)
                VALUES (NEW.eui64, NEW.component, OLD.version, NEW.version, NEW.updated_utc);
            END;

            -- The AltHANCo report groups Alt HAN bridges by variant; requests are looked up by progress row.
            CREATE INDEX ix_devices_variant ON devices(smets_variant, device_type) WHERE smets_variant IS NOT NULL;
            CREATE INDEX ix_progress_device ON firmware_progress(eui64);
            """),
        new(5, "RequestID counters per originator, responsible suppliers", """
            -- DCC's rule (issue 9 §2): a Service User's RequestID counters strictly increase across every request.
            -- The counter is a DUIS xs:unsignedLong, kept as 20 zero-padded digits so text order is number order.
            CREATE TABLE request_counters (
                originator_eui64 TEXT PRIMARY KEY NOT NULL,
                last_counter     TEXT NOT NULL,
                updated_utc      TEXT NOT NULL
            );

            -- The supplier that pre-notified a device through the signed DUIS endpoint; only it may then send the
            -- device 11.4/11.2/11.3. NULL: the bench default, every registered supplier (ServiceUserRole.Supplier).
            ALTER TABLE devices ADD COLUMN responsible_supplier_eui64 TEXT NULL;
            """),
        new(6, "GBCS responses and alerts refused before acting, counted per device and reason", """
            -- Issue 8 §3: a response or alert whose MAC or signature fails (or that nobody asked for) changes nothing and
            -- raises no DCC alert; it is counted here. Originators not in the inventory share the row 'unknown', and
            -- message and reason come from fixed sets, so a flood of forgeries adds no rows.
            CREATE TABLE gbcs_refusals (
                originator_eui64 TEXT NOT NULL,
                message          TEXT NOT NULL,
                reason           TEXT NOT NULL,
                count            INTEGER NOT NULL,
                first_utc        TEXT NOT NULL,
                last_utc         TEXT NOT NULL,
                PRIMARY KEY (originator_eui64, message, reason)
            );
            """),
        new(7, "SMKI certificates per device and their history", """
            -- SECMP0170 requirement 8 (issue 8 §4): the certificates each device holds, its own (holder 'Device': DS and
            -- KA, CS02d/CS02e) and the remote parties' it trusts (holder 'Supplier', 'ACB', …: CS02b), with their history.
            -- A row is current while replaced_utc is NULL; a certificate issued for a new device key (CS02c) waits with
            -- installed_utc NULL until CS02d puts it on the device.
            CREATE TABLE device_certificates (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                eui64           TEXT NOT NULL,
                holder          TEXT NOT NULL,
                usage           TEXT NOT NULL,
                party_eui64     TEXT NULL,
                serial          TEXT NOT NULL,
                certificate_der BLOB NOT NULL,
                request_id      TEXT NULL,
                issued_utc      TEXT NOT NULL,
                installed_utc   TEXT NULL,
                replaced_utc    TEXT NULL
            );
            CREATE INDEX ix_device_certificates_device ON device_certificates(eui64, id);
            """),
        new(8, "The last GBCS alert counter taken from each device", """
            -- Issue 8 §3: a device's alert counter only grows, so an alert whose counter is not above the last one taken
            -- from that device is a replay. Written only after the alert's signature verified, for devices in the
            -- inventory, so a genuine alert replayed after a host restart is refused and forgeries add no rows. The
            -- counter is 8 octets (GBCS originator counter), kept as 20 zero-padded digits so text order is number order.
            CREATE TABLE gbcs_alert_counters (
                originator_eui64 TEXT PRIMARY KEY NOT NULL REFERENCES devices(eui64) ON DELETE CASCADE,
                last_counter     TEXT NOT NULL,
                updated_utc      TEXT NOT NULL
            );
            """),

        // 9 and 10 were held for other work in progress (credential durability, bench scale); databases already at 11 ran
        // them as placeholders, so they stay placeholders and that work's tables come after 11 (credential_intents: 12).
        new(9, "reserved", "SELECT 1;"),
        new(10, "reserved", "SELECT 1;"),
        new(11, "Credential service requests queued for the CSP", """
            -- Issue 8 §4: a CS02 request accepted through the CLI or DUIS is acknowledged at once and queued here; the CSP
            -- engine on the device's Comms Hub (csp run, the demo, a bench) carries it out and records the outcome:
            -- Queued -> Sent -> Done | Refused (response code and reason). payload is the request itself (JSON);
            -- duis_service_reference is set when a DUIS Service User waits for the later response.
            CREATE TABLE credential_requests (
                id                     INTEGER PRIMARY KEY AUTOINCREMENT,
                request_id             TEXT NOT NULL UNIQUE,
                service_reference_variant TEXT NOT NULL,
                duis_service_reference TEXT NULL,
                eui64                  TEXT NOT NULL REFERENCES devices(eui64),
                comms_hub_eui64        TEXT NOT NULL,
                use_case               TEXT NOT NULL,
                payload                TEXT NOT NULL,
                state                  TEXT NOT NULL,
                response_code          TEXT NULL,
                outcome                TEXT NULL,
                gbcs_response          BLOB NULL,
                created_utc            TEXT NOT NULL,
                updated_utc            TEXT NOT NULL
            );
            CREATE INDEX ix_credential_requests_open ON credential_requests(comms_hub_eui64, id) WHERE state IN ('Queued', 'Sent');
            CREATE INDEX ix_credential_requests_device ON credential_requests(eui64, id);
            """),
        new(12, "Credential changes sent and not yet recorded: crash-safe take-up and pending future-dated CS02b", """
            -- Issue 8 §4: a CS02b or CS02d changes the keys the host must use for a device. Its intent is written before the
            -- command goes out and removed in the transaction that records the outcome, so a host that stops in between
            -- finds it at start and settles it by read-back (new, then old credentials) instead of restarting on keys the
            -- device may no longer hold. A future-dated CS02b the device accepted keeps its command's originator counter
            -- (the 0x00CB alert names it, 20 zero-padded digits) and when it expires: its execution date-time plus a grace,
            -- after which it too is settled by read-back. The request is kept as JSON (CredentialRequestJson).
            CREATE TABLE credential_intents (
                request_id      TEXT PRIMARY KEY NOT NULL,
                eui64           TEXT NOT NULL REFERENCES devices(eui64) ON DELETE CASCADE,
                use_case        TEXT NOT NULL,
                request_json    TEXT NOT NULL,
                command_counter TEXT NULL,
                execution_utc   TEXT NULL,
                expires_utc     TEXT NULL,
                created_utc     TEXT NOT NULL,
                updated_utc     TEXT NOT NULL
            );
            CREATE INDEX ix_credential_intents_device ON credential_intents(eui64);
            """),
        new(13, "The originator counters each future-dated CS02b was sent with", """
            -- Issue 8 §4: a 0x00CB alert names the counter of the CS02b the device carried out. Every attempt of a
            -- future-dated CS02b goes out with a new counter, written here (space-separated, 20 zero-padded digits each)
            -- before that attempt leaves, so an alert after a restart is matched to the attempt it names, and an alert
            -- naming no counter sent for the device's change matches nothing (it was any pending CS02b before).
            ALTER TABLE credential_intents ADD COLUMN sent_counters TEXT NULL;
            """),
        new(14, "Device firmware keyed by device and component alone; the Comms Hub index only over devices on a hub", """
            -- Issue 13 §4 (bench scale at SECMP0170 volumes, 2.3 million devices): device_firmware was a rowid table plus a
            -- unique index on (eui64, component), two B-trees written per version and two read per lookup (the AltHANCo
            -- report joins every bridge); keyed WITHOUT ROWID it is one. Same columns, rows and triggers as migrations 1
            -- and 4; the version history (firmware_history) is untouched.
            CREATE TABLE device_firmware_keyed (
                eui64       TEXT NOT NULL REFERENCES devices(eui64) ON DELETE CASCADE,
                component   TEXT NOT NULL,
                version     TEXT NOT NULL,
                updated_utc TEXT NOT NULL,
                PRIMARY KEY (eui64, component)
            ) WITHOUT ROWID;
            INSERT INTO device_firmware_keyed (eui64, component, version, updated_utc)
                SELECT eui64, component, version, updated_utc FROM device_firmware;
            DROP TABLE device_firmware;
            ALTER TABLE device_firmware_keyed RENAME TO device_firmware;

            CREATE TRIGGER tr_device_firmware_inserted AFTER INSERT ON device_firmware
            BEGIN
                INSERT INTO firmware_history (eui64, component, from_version, to_version, at_utc)
                VALUES (NEW.eui64, NEW.component, NULL, NEW.version, NEW.updated_utc);
            END;

            CREATE TRIGGER tr_device_firmware_changed AFTER UPDATE OF version ON device_firmware
            WHEN OLD.version IS NOT NEW.version
            BEGIN
                INSERT INTO firmware_history (eui64, component, from_version, to_version, at_utc)
                VALUES (NEW.eui64, NEW.component, OLD.version, NEW.version, NEW.updated_utc);
            END;

            -- A device is looked up by its Comms Hub only once it is on one (8.11, the bench's commissioning; SQLite's
            -- foreign key check when a hub is deleted): a pre-notified device (NULL) needs no entry, so 12.2 writes none.
            DROP INDEX ix_devices_comms_hub;
            CREATE INDEX ix_devices_comms_hub ON devices(comms_hub_eui64) WHERE comms_hub_eui64 IS NOT NULL;
            """),
        new(15, "Stored firmware files identified by the file the device receives, not only its Manufacturer Image hash", """
            -- Audit G1: firmware_images is keyed by the Manufacturer Image hash alone, so a second OTA file with the same
            -- payload and another header (another file version) was not stored and the first file was served in its place:
            -- the device ran the first file's version while the request, N62 and N39 named the second's. A file is now
            -- identified by the SHA-256 of the whole file (header, Manufacturer Image, any signature), the bytes the Comms
            -- Hub and the device receive; file_version is its OTA header's file version (DUIS text). firmware_images stays
            -- the list of Manufacturer Images (what the CPL lists and CS06 activates; its rows from now on hold no bytes),
            -- and a request made before this step (file_hash NULL) is still served the bytes stored with its image row.
            CREATE TABLE firmware_files (
                file_hash    TEXT PRIMARY KEY NOT NULL,
                image_hash   TEXT NOT NULL REFERENCES firmware_images(image_hash),
                file_version TEXT NULL,
                size_bytes   INTEGER NOT NULL,
                data         BLOB NOT NULL,
                created_utc  TEXT NOT NULL
            );
            ALTER TABLE firmware_requests ADD COLUMN file_hash TEXT NULL REFERENCES firmware_files(file_hash);
            """),
        new(16, "The version first recorded stays with the component's row; the history holds changes", """
            -- Issue 13 §4 (bench scale at SECMP0170 volumes): every version recorded (2.3 million devices, 3.8 million
            -- versions at pre-notification) was written twice, in device_firmware and as a history row "from nothing",
            -- with that history's index: a third of 12.2's writing. The first version recorded for a component now stays
            -- in its device_firmware row: first_version and first_utc are NULL while the row still holds what was first
            -- recorded. firmware_history keeps the changes, and the first version of a row that is deleted (its device
            -- removed by 8.4), so nothing recorded is lost. The record of a device (DeviceDeploymentRecord) reads the same
            -- history as before: first versions from device_firmware, the rest from firmware_history.
            ALTER TABLE device_firmware ADD COLUMN first_version TEXT NULL;
            ALTER TABLE device_firmware ADD COLUMN first_utc TEXT NULL;
            -- The first record a row stands for is the last "from nothing" one of its device and component (a device
            -- deleted and added again has one per life; the earlier ones stay in the history, as before).
            CREATE TEMP TABLE first_records AS
                SELECT h.eui64, h.component, h.to_version, h.at_utc, MAX(h.id) AS id
                FROM firmware_history h JOIN device_firmware f ON f.eui64 = h.eui64 AND f.component = h.component
                WHERE h.from_version IS NULL GROUP BY h.eui64, h.component;
            UPDATE device_firmware SET first_version = r.to_version, first_utc = r.at_utc
            FROM first_records r
            WHERE r.eui64 = device_firmware.eui64 AND r.component = device_firmware.component
              AND (r.to_version IS NOT device_firmware.version OR r.at_utc IS NOT device_firmware.updated_utc);
            DELETE FROM firmware_history WHERE id IN (SELECT id FROM first_records);
            DROP TABLE first_records;
            DROP TRIGGER tr_device_firmware_inserted;
            CREATE TRIGGER tr_device_firmware_deleted AFTER DELETE ON device_firmware
            BEGIN
                INSERT INTO firmware_history (eui64, component, from_version, to_version, at_utc)
                VALUES (OLD.eui64, OLD.component, NULL, COALESCE(OLD.first_version, OLD.version), COALESCE(OLD.first_utc, OLD.updated_utc));
            END;
            """),
        new(17, "How long a device's credentials have been in doubt, how often they were read back, and a change given up on", """
            -- Issue 8 §4: a device that never answers its read-back stayed in doubt for ever, its work held, nothing said.
            -- doubt_since_utc: when the CSP first held the device for this change; read_backs: read-backs answered under
            -- neither key set so far; next_read_back_utc: when the next goes out (the gaps double, CredentialIntentRecovery);
            -- last_read_back: what the last one found; unresolved_utc: set when the bound was reached: the request failed
            -- naming it, the row stays until an operator settles it (hanbench credentials settle), and commands to the
            -- device are refused meanwhile rather than held.
            ALTER TABLE credential_intents ADD COLUMN doubt_since_utc TEXT NULL;
            ALTER TABLE credential_intents ADD COLUMN read_backs INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE credential_intents ADD COLUMN next_read_back_utc TEXT NULL;
            ALTER TABLE credential_intents ADD COLUMN last_read_back TEXT NULL;
            ALTER TABLE credential_intents ADD COLUMN unresolved_utc TEXT NULL;
            """),
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => All[^1].Version;
}
