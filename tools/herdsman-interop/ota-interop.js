#!/usr/bin/env node
// A thin transport adapter between zigbee-herdsman's own OTA code and a HanBench board (issue 16).
//
//   node ota-interop.js serve --device EUI --hub EUI --image FILE --expectation HEX --suite N [--delay MS] [--block N]
//                             [--loss FRACTION] [--seed N] [--port P] [--timeout S]
//     Listens on 127.0.0.1 (port 0: any; the port is the first record printed) for one `hanbench board` link, sends it
//     the Image Expectation management frame the test computed and sealed with the device's management key (payload
//     --expectation, cluster id --suite: docs/GBCS-SECURITY.md §6), then runs herdsman's Device.updateOta (its OtaSession serves the blocks,
//     responseDelay = --delay, baseSize = --block) over that link. --loss drops that share of the data-phase frames in
//     both directions (block and page requests, block responses; seeded). Ends with one "result" record.
//   node ota-interop.js requests --device EUI --hub EUI --manufacturer N --image-type N --version N --size N
//     Prints the client→server stream a herdsman-style client sends (Query Next Image, Image Block Requests, an Image
//     Page Request, Upgrade End Request), each built with herdsman's ZCL codec: one record per frame.
//
// Output is one JSON record a line. herdsman itself is not part of the repository: .ci/setup installs the pinned package
// into $HANBENCH_CACHE/zigbee-herdsman (default ~/.cache/hanbench); --herdsman DIR points elsewhere.
//
// The link is HanBench's stream framing (shared/HanBench.Protocol/Han/StreamFramer.cs): COBS(frame ‖ CRC-32 LE) ‖ 0x00,
// the frame being kind, sequence, source EUI-64 BE, destination EUI-64 BE, cluster id LE, payload (HanFrame.cs).
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const KIND_ZCL = 0x01;
const KIND_GBCS = 0x02;
const KIND_MANAGEMENT = 0x03;
const OTA_CLUSTER = 0x0019;
const MANAGEMENT_IMAGE_EXPECTATION = 0x08;
const MANAGEMENT_ACK = 0xff;
const HEADER_LENGTH = 20;
const MAX_FRAME = HEADER_LENGTH + 1024;
const DEVICE_NWK = 0x4d2e; // the device's short address in herdsman's tables; HanBench frames carry EUI-64s only
const ENDPOINT = 1;
// ZCL OTA command ids (ZCL 11.13): client to server, and the Image Block Response.
const QUERY_NEXT_IMAGE_REQUEST = 0x01;
const IMAGE_BLOCK_REQUEST = 0x03;
const IMAGE_PAGE_REQUEST = 0x04;
const IMAGE_BLOCK_RESPONSE = 0x05;
const UPGRADE_END_REQUEST = 0x06;
const UPGRADE_END_RESPONSE = 0x07;

function parseArgs(argv) {
    const args = { _: [] };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i].startsWith('--')) {
            args[argv[i].slice(2)] = argv[i + 1];
            i++;
        } else {
            args._.push(argv[i]);
        }
    }
    return args;
}

function emit(record) {
    process.stdout.write(JSON.stringify(record) + '\n');
}

function fail(message) {
    emit({ event: 'error', message });
    process.exit(2);
}

function required(args, name) {
    if (args[name] === undefined) {
        fail(`--${name} is required`);
    }
    return args[name];
}

function number(args, name, fallback) {
    const text = args[name];
    if (text === undefined) {
        return fallback;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
        fail(`--${name} must be a number, not '${text}'`);
    }
    return value;
}

function eui(args, name) {
    const text = required(args, name).replace(/-/g, '');
    if (!/^[0-9a-fA-F]{16}$/.test(text)) {
        fail(`--${name} must be 16 hex digits, not '${args[name]}'`);
    }
    return BigInt('0x' + text);
}

function loadHerdsman(args) {
    const cache = process.env.HANBENCH_CACHE || path.join(os.homedir(), '.cache', 'hanbench');
    const dir = args.herdsman || path.join(cache, 'zigbee-herdsman');
    const manifest = path.join(dir, 'node_modules', 'zigbee-herdsman', 'package.json');
    if (!fs.existsSync(manifest)) {
        fail(`zigbee-herdsman is not installed in ${dir}: run .ci/setup (it needs npm)`);
    }
    const load = createRequire(manifest);
    const herdsman = {
        version: JSON.parse(fs.readFileSync(manifest, 'utf8')).version,
        index: load('./dist/index.js'),
        Database: load('./dist/controller/database.js').Database,
        Entity: load('./dist/controller/model/entity.js').Entity,
        Device: load('./dist/controller/model/device.js').Device,
        Waitress: load('./dist/utils/waitress.js').Waitress,
        Adapter: load('./dist/adapter/adapter.js').Adapter,
    };
    // herdsman's own log goes to stderr, warnings and errors only (stdout carries the records).
    const quiet = () => {};
    const log = (level) => (message, namespace) => process.stderr.write(`herdsman ${level} ${namespace}: ${typeof message === 'function' ? message() : message}\n`);
    herdsman.index.setLogger({ debug: quiet, info: quiet, warning: log('warning'), error: log('error') });
    return herdsman;
}

// ---- HanBench stream framing -------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        }
        table[n] = c >>> 0;
    }
    return table;
})();

// CRC-32/ISO-HDLC, as HanBench.Protocol.Integrity.Crc32.
function crc32(bytes) {
    let crc = 0xffffffff;
    for (const b of bytes) {
        crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
    }
    return (crc ^ 0xffffffff) >>> 0;
}

function cobsEncode(data) {
    const out = [0];
    let codeAt = 0;
    let code = 1;
    for (const b of data) {
        if (b === 0) {
            out[codeAt] = code;
            codeAt = out.length;
            out.push(0);
            code = 1;
        } else {
            out.push(b);
            code++;
            if (code === 0xff) {
                out[codeAt] = code;
                codeAt = out.length;
                out.push(0);
                code = 1;
            }
        }
    }
    out[codeAt] = code;
    return Buffer.from(out);
}

function cobsDecode(data) {
    const out = [];
    let i = 0;
    while (i < data.length) {
        const code = data[i++];
        if (code === 0 || i + code - 1 > data.length) {
            return undefined;
        }
        for (let k = 1; k < code; k++) {
            out.push(data[i++]);
        }
        if (code !== 0xff && i < data.length) {
            out.push(0);
        }
    }
    return Buffer.from(out);
}

function encodeFrame(kind, sequence, source, destination, clusterId, payload) {
    const frame = Buffer.alloc(HEADER_LENGTH + payload.length);
    frame[0] = kind;
    frame[1] = sequence & 0xff;
    frame.writeBigUInt64BE(source, 2);
    frame.writeBigUInt64BE(destination, 10);
    frame.writeUInt16LE(clusterId, 18);
    payload.copy(frame, HEADER_LENGTH);
    const crc = Buffer.alloc(4);
    crc.writeUInt32LE(crc32(frame), 0);
    return Buffer.concat([cobsEncode(Buffer.concat([frame, crc])), Buffer.from([0])]);
}

// Splits the byte stream at the 0x00 delimiters; calls onFrame for every frame whose CRC matches (others are counted).
function deframer(onFrame, onDrop) {
    let pending = Buffer.alloc(0);
    return (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        let end;
        while ((end = pending.indexOf(0)) >= 0) {
            const encoded = pending.subarray(0, end);
            pending = pending.subarray(end + 1);
            if (encoded.length === 0) {
                continue;
            }
            const bytes = cobsDecode(encoded);
            if (!bytes || bytes.length < HEADER_LENGTH + 4 || bytes.length > MAX_FRAME + 4
                || crc32(bytes.subarray(0, bytes.length - 4)) !== bytes.readUInt32LE(bytes.length - 4)) {
                onDrop('bad frame (COBS, length or CRC)');
                continue;
            }
            onFrame({
                kind: bytes[0],
                sequence: bytes[1],
                source: bytes.readBigUInt64BE(2),
                destination: bytes.readBigUInt64BE(10),
                clusterId: bytes.readUInt16LE(18),
                payload: Buffer.from(bytes.subarray(HEADER_LENGTH, bytes.length - 4)),
            });
        }
        if (pending.length > 2 * MAX_FRAME) {
            pending = Buffer.alloc(0);
            onDrop('oversize frame');
        }
    };
}

// mulberry32 (T. Ettinger): the seeded loss pattern, well spread from the first draw for any seed (the seed is
// printed, so a run can be repeated).
function random(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
    };
}

// ---- serve: herdsman's OTA server against a board ----------------------------------------------------------------

async function serve(args) {
    const herdsman = loadHerdsman(args);
    const { Zcl } = herdsman.index;
    const deviceEui = eui(args, 'device');
    const hubEui = eui(args, 'hub');
    const imagePath = path.resolve(required(args, 'image'));
    const expectation = Buffer.from(required(args, 'expectation'), 'hex');
    const suite = number(args, 'suite', 0);
    const responseDelay = number(args, 'delay', 250);
    const baseSize = number(args, 'block', 50);
    const loss = number(args, 'loss', 0);
    const seed = number(args, 'seed', 1);
    const timeoutMs = number(args, 'timeout', 600) * 1000;
    const draw = random(seed);
    const stats = {
        blocksSent: 0, blocksDelivered: 0, deliveredTwice: 0, sentAgain: 0, blockRequests: 0, pageRequests: 0,
        framesDropped: 0, badFrames: 0, firstRequestMs: undefined, endRequestMs: undefined,
    };
    // The time herdsman had nothing left to send and waited for the client's next request: what the client's loss
    // detection adds to the pacing (herdsman serves every request it took in full, superseded ones included), measured
    // from herdsman's own sends, so the figure does not grow with this machine's load as the wall-clock time does.
    const imageBytes = fs.statSync(imagePath).size;
    let bytesOwed = 0;
    let idleSince;
    let waitedForClientMs = 0;
    const requestArrived = (commandId, payload, headerLength, now) => {
        if (idleSince !== undefined) {
            waitedForClientMs += now - idleSince;
            idleSince = undefined;
        }
        const offset = payload.length >= headerLength + 13 ? payload.readUInt32LE(headerLength + 9) : imageBytes;
        const left = Math.max(0, imageBytes - offset);
        if (commandId === IMAGE_PAGE_REQUEST && payload.length >= headerLength + 16) {
            bytesOwed += Math.min(payload.readUInt16LE(headerLength + 14), left);
        } else if (commandId === IMAGE_BLOCK_REQUEST) {
            bytesOwed += Math.min(baseSize, left);
        }
    };
    const deliveredAt = new Map();
    const sentAt = new Map();
    let sequence = 0;
    let socket;
    let upgradeEnded = false;

    const dataPhase = (commandId) => commandId === IMAGE_BLOCK_REQUEST || commandId === IMAGE_PAGE_REQUEST || commandId === IMAGE_BLOCK_RESPONSE;
    const lose = (commandId) => {
        if (loss > 0 && dataPhase(commandId) && draw() < loss) {
            stats.framesDropped++;
            return true;
        }
        return false;
    };
    const send = (kind, clusterId, payload) => socket.write(encodeFrame(kind, ++sequence, hubEui, deviceEui, clusterId, payload));

    // herdsman's adapter surface that Device.updateOta and OtaSession use: a ZCL waitress (herdsman's own, with its own
    // matcher) and sendZclFrameToEndpoint. Frames go out as HanBench ZCL frames from the hub's EUI-64 to the device's.
    const waitress = new herdsman.Waitress(herdsman.Adapter.zclWaitressValidator, herdsman.Adapter.clusterWaitressTimeoutFormatter);
    const adapter = {
        waitFor(networkAddress, endpoint, _frameType, _direction, transactionSequenceNumber, clusterId, commandId, defaultRspCommandId, timeout) {
            const waiter = waitress.waitFor({ address: networkAddress, endpoint, clusterId, commandId, defaultRspCommandId, transactionSequenceNumber }, timeout);
            return { cancel: () => waitress.remove(waiter.ID), promise: waiter.start().promise };
        },
        async sendZclFrameToEndpoint(_ieee, _nwk, _endpoint, zclFrame) {
            const commandId = zclFrame.command.ID;
            if (zclFrame.cluster.ID === OTA_CLUSTER && commandId === IMAGE_BLOCK_RESPONSE && zclFrame.payload.status === Zcl.Status.SUCCESS) {
                const offset = zclFrame.payload.fileOffset;
                bytesOwed -= zclFrame.payload.dataSize;
                if (bytesOwed <= 0) {
                    bytesOwed = 0;
                    idleSince = performance.now();
                }
                stats.blocksSent++;
                sentAt.set(offset, (sentAt.get(offset) || 0) + 1);
                if (sentAt.get(offset) > 1) {
                    stats.sentAgain++;
                }
                if (lose(commandId)) {
                    return undefined;
                }
                stats.blocksDelivered++;
                deliveredAt.set(offset, (deliveredAt.get(offset) || 0) + 1);
                if (deliveredAt.get(offset) > 1) {
                    stats.deliveredTwice++;
                }
            }
            send(KIND_ZCL, zclFrame.cluster.ID, zclFrame.toBuffer());
            if (zclFrame.cluster.ID === OTA_CLUSTER && commandId === UPGRADE_END_RESPONSE) {
                upgradeEnded = true;
            }
            return undefined;
        },
    };

    // herdsman's database lives as long as this run: nothing is left in the temporary folder (issue 13).
    const databaseFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'hanbench-herdsman-'));
    process.on('exit', () => fs.rmSync(databaseFolder, { recursive: true, force: true }));
    const database = path.join(databaseFolder, 'database.db');
    herdsman.Entity.injectDatabase(herdsman.Database.open(database));
    herdsman.Entity.injectAdapter(adapter);
    const ieee = '0x' + deviceEui.toString(16).padStart(16, '0');
    const device = herdsman.Device.create('EndDevice', ieee, DEVICE_NWK, 0, 'HanBench', 'Battery', 'HanBench board', 'SUCCESSFUL', undefined);
    const endpoint = device.createEndpoint(ENDPOINT);
    endpoint.outputClusters = [OTA_CLUSTER];

    let acknowledged;
    const expectationAck = new Promise((resolve) => { acknowledged = resolve; });
    let activated;
    const activation = new Promise((resolve) => { activated = resolve; });

    const onFrame = (frame) => {
        if (frame.source !== deviceEui || frame.destination !== hubEui) {
            return;
        }
        if (frame.kind === KIND_MANAGEMENT && frame.payload[0] === MANAGEMENT_ACK && frame.payload.length >= 4 && frame.payload[2] === MANAGEMENT_IMAGE_EXPECTATION) {
            acknowledged(frame.payload[3]);
            return;
        }
        if (frame.kind === KIND_GBCS && upgradeEnded) {
            // The device's firmware activation alert (it cannot be checked here; the test reads the board's own log):
            // what herdsman waits for as the device's announce after an update.
            activated();
            device.emit('deviceAnnounce');
            return;
        }
        if (frame.kind !== KIND_ZCL || frame.clusterId !== OTA_CLUSTER) {
            return;
        }
        let header;
        try {
            header = Zcl.Header.fromBuffer(frame.payload);
        } catch {
            stats.badFrames++;
            return;
        }
        if (!header) {
            stats.badFrames++;
            return;
        }
        const commandId = header.commandIdentifier;
        if (header.isSpecific && lose(commandId)) {
            return;
        }
        if (header.isSpecific) {
            const now = performance.now();
            if ((commandId === IMAGE_BLOCK_REQUEST || commandId === IMAGE_PAGE_REQUEST) && stats.firstRequestMs === undefined) {
                stats.firstRequestMs = now;
            }
            stats.blockRequests += commandId === IMAGE_BLOCK_REQUEST ? 1 : 0;
            stats.pageRequests += commandId === IMAGE_PAGE_REQUEST ? 1 : 0;
            if (commandId === UPGRADE_END_REQUEST && stats.endRequestMs === undefined) {
                stats.endRequestMs = now;
            }
            if (commandId === IMAGE_BLOCK_REQUEST || commandId === IMAGE_PAGE_REQUEST || (commandId === UPGRADE_END_REQUEST && !upgradeEnded)) {
                requestArrived(commandId, frame.payload, (frame.payload[0] & 0x04) !== 0 ? 5 : 3, now);
            }
            if (commandId === IMAGE_PAGE_REQUEST) {
                emit({ event: 'request', command: 'page', hex: frame.payload.toString('hex') });
            }
        }
        // As a herdsman adapter and its Controller do: resolve the waitress, then hand the frame to the device.
        const payload = {
            clusterID: OTA_CLUSTER, header, address: DEVICE_NWK, data: frame.payload, endpoint: ENDPOINT, linkquality: 255,
            groupID: 0, wasBroadcast: false, destinationEndpoint: ENDPOINT,
        };
        waitress.resolve(payload);
        let zclFrame;
        let defaultResponse;
        try {
            zclFrame = Zcl.Frame.fromBuffer(OTA_CLUSTER, header, frame.payload, device.customClusters);
        } catch (error) {
            defaultResponse = error.code;
        }
        device.onZclData(payload, zclFrame, endpoint, defaultResponse).catch((error) => emit({ event: 'warning', message: `onZclData: ${error.message}` }));
    };

    const server = net.createServer();
    server.listen(number(args, 'port', 0), '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    emit({ event: 'listening', port: server.address().port, herdsman: herdsman.version, seed });
    socket = await new Promise((resolve) => server.once('connection', resolve));
    server.close();
    socket.setNoDelay(true);
    socket.on('data', deframer(onFrame, () => { stats.badFrames++; }));
    socket.on('close', () => emit({ event: 'closed' }));

    const deadline = setTimeout(() => fail(`no activation within ${timeoutMs / 1000} s: ${JSON.stringify(stats)}`), timeoutMs);
    let result;
    do {
        // The same sealed frame each time: a board that took it drops the repeat as a replay, and its ack still comes.
        send(KIND_MANAGEMENT, suite, expectation);
        result = await Promise.race([expectationAck, new Promise((resolve) => setTimeout(() => resolve(undefined), 1000))]);
    } while (result === undefined);
    if (result !== 0) {
        fail(`the board refused the image expectation (result ${result})`);
    }
    emit({ event: 'expectation', result });

    const started = performance.now();
    let progressAt = 0;
    const onProgress = (percent) => {
        if (percent - progressAt >= 10 || percent === 100) {
            progressAt = percent;
            emit({ event: 'progress', percent });
        }
    };
    const dataSettings = { requestTimeout: 150000, responseDelay, baseSize };
    const [, newVersion] = await device.updateOta({ url: imagePath }, undefined, undefined, {}, onProgress, dataSettings);
    await activation;
    clearTimeout(deadline);
    const image = fs.statSync(imagePath).size;
    const transferMs = stats.endRequestMs - stats.firstRequestMs;
    emit({
        event: 'result', activated: newVersion !== undefined, fileVersion: newVersion?.fileVersion, imageBytes: image,
        blockSize: baseSize, delayMs: responseDelay, loss, seed, blocks: sentAt.size, blocksSent: stats.blocksSent,
        sentAgain: stats.sentAgain, deliveredTwice: stats.deliveredTwice, blockRequests: stats.blockRequests,
        pageRequests: stats.pageRequests, framesDropped: stats.framesDropped, badFrames: stats.badFrames,
        transferMs: Math.round(transferMs), pacingMs: sentAt.size * responseDelay, waitedForClientMs: Math.round(waitedForClientMs), totalMs: Math.round(performance.now() - started),
    });
    socket.end();
    process.exit(0);
}

// ---- requests: a herdsman-built client stream --------------------------------------------------------------------

function requests(args) {
    const herdsman = loadHerdsman(args);
    const { Zcl } = herdsman.index;
    const manufacturerCode = number(args, 'manufacturer');
    const imageType = number(args, 'image-type');
    const fileVersion = number(args, 'version');
    const size = number(args, 'size');
    const ieee = '0x' + eui(args, 'device').toString(16).padStart(16, '0');
    const ota = Zcl.Clusters.genOta;
    let tsn = 0x40;
    const build = (name, payload) => {
        const command = ota.commands[name];
        const frame = Zcl.Frame.create(Zcl.FrameType.SPECIFIC, Zcl.Direction.CLIENT_TO_SERVER, true, undefined, ++tsn, name, 'genOta', payload, {});
        emit({ command: name, id: command.ID, tsn, hex: frame.toBuffer().toString('hex') });
    };
    const image = { manufacturerCode, imageType, fileVersion };
    build('queryNextImageRequest', { fieldControl: 0, manufacturerCode, imageType, fileVersion: 1 });
    build('imageBlockRequest', { fieldControl: 0, ...image, fileOffset: 0, maximumDataSize: 50 });
    build('imageBlockRequest', { fieldControl: 0, ...image, fileOffset: 50, maximumDataSize: 50 });
    build('imagePageRequest', { fieldControl: 0, ...image, fileOffset: 100, maximumDataSize: 64, pageSize: size - 100, responseSpacing: 20 });
    build('upgradeEndRequest', { status: Zcl.Status.SUCCESS, ...image });
    emit({ event: 'done', herdsman: herdsman.version, ieee });
}

const args = parseArgs(process.argv.slice(2));
const command = args._[0];
if (command === 'serve') {
    serve(args).catch((error) => fail(error.stack || error.message));
} else if (command === 'requests') {
    requests(args);
} else {
    fail("usage: ota-interop.js serve|requests [options] (see the head of this file)");
}
