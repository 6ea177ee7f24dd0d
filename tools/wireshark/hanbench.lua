-- HanBench framing for Wireshark (issue 12): decodes the HAN frames HanBench writes under link type 147 (DLT_USER0)
-- in its pcapng captures: the WAN hop (host <-> Comms Hub), Alt HAN point-to-point hops, boards' links and the
-- management frames of ZigBee hops. ZigBee hops themselves are IEEE 802.15.4 and need no plug-in.
--
-- Install: copy this file into Wireshark's personal Lua plugins folder (Help > About Wireshark > Folders, "Personal Lua
-- Plugins", e.g. ~/.local/lib/wireshark/plugins/), or run  wireshark -X lua_script:tools/wireshark/hanbench.lua FILE
--
-- HAN frame (host/shared HanFrame): kind 1 · sequence 1 · source EUI-64 8 (big-endian) · destination EUI-64 8 ·
-- cluster id 2 (little-endian) · payload. Kind 1 ZCL: the payload is handed to Wireshark's own ZigBee dissectors,
-- wrapped in the same 802.15.4/NWK/APS headers the ZigBee hops carry (HanBench's ZigBeeDataFrame), so the ZCL OTA
-- commands decode exactly as on the radio. Kind 2 GBCS: the Grouping Header is decoded here. Kind 3: management.

local hanbench = Proto("hanbench", "HanBench HAN frame")

local kinds = { [1] = "ZCL", [2] = "GBCS", [3] = "Management" }

local management_types = {
    [0x01] = "Ping", [0x02] = "State Query", [0x03] = "Reboot", [0x04] = "Join Device", [0x05] = "Remove Device",
    [0x06] = "Distribute Image", [0x07] = "Cancel Distribution", [0x08] = "Image Expectation",
    [0x81] = "Identity", [0x82] = "State Report", [0x84] = "Join Result", [0x86] = "Distribute Result", [0xFF] = "Ack",
}

local join_statuses = {
    [0] = "Joined", [1] = "Already joined", [2] = "Type 1 limit reached", [3] = "Whitelist full", [4] = "Invalid device",
    [5] = "Removed", [6] = "Not joined", [7] = "Not a hub",
}

local ack_results = { [0] = "Ok", [1] = "Unsupported", [2] = "Refused", [3] = "Malformed" }

local cra_flags = { [1] = "Command", [2] = "Response", [3] = "Alert" }

-- GBCS message codes HanBench uses (GBCS Table 13.3.5, as listed in the DCC RTDS).
local message_codes = {
    [0x0012] = "CS06 Activate Firmware",
    [0x00CA] = "Future Dated Firmware Activation Alert (0x8F66/0x8F67)",
    [0x00CE] = "Firmware Distribution Receipt Alert ESME (0x8F72)",
    [0x00CF] = "Firmware Distribution Receipt Alert GSME (0x8F72)",
    [0x0128] = "CCS08 Firmware Transfer Alert (0x8F8A/0x8F89)",
    [0x0129] = "CS08 Read PPMID/HCALCS Firmware Version",
    [0x012B] = "PPMID/HCALCS Firmware Activation Alert (0x8F8B)",
}

local alert_codes = {
    [0x8F66] = "Future dated firmware activation actioned", [0x8F67] = "Future dated firmware activation not actioned",
    [0x8F72] = "Firmware distribution receipt", [0x8F89] = "Firmware transfer failure",
    [0x8F8A] = "Firmware transfer success", [0x8F8B] = "PPMID/HCALCS firmware activation",
}

local f = hanbench.fields
f.kind = ProtoField.uint8("hanbench.kind", "Kind", base.HEX, kinds)
f.seq = ProtoField.uint8("hanbench.seq", "Sequence", base.DEC)
f.src = ProtoField.eui64("hanbench.src", "Source")
f.dst = ProtoField.eui64("hanbench.dst", "Destination")
f.cluster = ProtoField.uint16("hanbench.cluster", "Cluster", base.HEX)
f.payload = ProtoField.bytes("hanbench.payload", "Payload")
f.mgmt_type = ProtoField.uint8("hanbench.mgmt.type", "Management type", base.HEX, management_types)
f.mgmt_token = ProtoField.uint8("hanbench.mgmt.token", "Token", base.DEC)
f.mgmt_body = ProtoField.bytes("hanbench.mgmt.body", "Body")
f.mgmt_device = ProtoField.eui64("hanbench.mgmt.device", "Device")
f.mgmt_join_status = ProtoField.uint8("hanbench.mgmt.join_status", "Join status", base.DEC, join_statuses)
f.mgmt_ack_type = ProtoField.uint8("hanbench.mgmt.ack_type", "Request answered", base.HEX, management_types)
f.mgmt_ack_result = ProtoField.uint8("hanbench.mgmt.ack_result", "Result", base.DEC, ack_results)
f.gbcs_ciphered = ProtoField.bool("hanbench.gbcs.ciphered", "General Ciphering (MAC'd)")
f.gbcs_cra = ProtoField.uint8("hanbench.gbcs.cra", "CRA flag", base.DEC, cra_flags)
f.gbcs_counter = ProtoField.uint64("hanbench.gbcs.counter", "Originator counter", base.DEC)
f.gbcs_originator = ProtoField.eui64("hanbench.gbcs.originator", "Originator")
f.gbcs_recipient = ProtoField.eui64("hanbench.gbcs.recipient", "Recipient")
f.gbcs_datetime = ProtoField.bytes("hanbench.gbcs.datetime", "Date-time")
f.gbcs_code = ProtoField.uint16("hanbench.gbcs.message_code", "Message code", base.HEX, message_codes)
f.gbcs_remote = ProtoField.eui64("hanbench.gbcs.remote_party", "Supplementary remote party")
f.gbcs_content = ProtoField.bytes("hanbench.gbcs.content", "Content")
f.gbcs_alert = ProtoField.uint16("hanbench.gbcs.alert_code", "Alert code", base.HEX, alert_codes)
f.gbcs_signature = ProtoField.bytes("hanbench.gbcs.signature", "Signature")

local e_truncated = ProtoExpert.new("hanbench.truncated", "Truncated HanBench frame", expert.group.MALFORMED, expert.severity.ERROR)
local e_gbcs = ProtoExpert.new("hanbench.gbcs.bad", "GBCS header does not decode", expert.group.MALFORMED, expert.severity.ERROR)
hanbench.experts = { e_truncated, e_gbcs }

local wpan = Dissector.get("wpan_nofcs")

-- A DER length at offset; returns value and octets used, or nil.
local function der_length(tvb, offset)
    if offset >= tvb:len() then return nil end
    local first = tvb(offset, 1):uint()
    if first < 0x80 then return first, 1 end
    local n = first - 0x80
    if n < 1 or n > 2 or offset + 1 + n > tvb:len() then return nil end
    return tvb(offset + 1, n):uint(), 1 + n
end

-- A length-prefixed element; returns its range (possibly empty) and the offset after it, or nil.
local function element(tvb, offset)
    local length, used = der_length(tvb, offset)
    if length == nil or offset + used + length > tvb:len() then return nil end
    return offset + used, length, offset + used + length
end

local function dissect_gbcs(tvb, pinfo, tree)
    local t = tree:add(hanbench, tvb(), "GBCS message")
    local offset = 0
    local len = tvb:len()
    local function bad() t:add_proto_expert_info(e_gbcs) end
    if len > 0 and tvb(0, 1):uint() == 0xDD then
        -- General Ciphering: transaction id, originator, recipient, date-time, other information (each
        -- length-prefixed), key info (00 absent), ciphered service length, 5-octet security header.
        t:add(f.gbcs_ciphered, tvb(0, 1), true)
        offset = 1
        for _ = 1, 5 do
            local _, _, after = element(tvb, offset)
            if after == nil then return bad() end
            offset = after
        end
        if offset >= len or tvb(offset, 1):uint() ~= 0 then return bad() end
        local _, used = der_length(tvb, offset + 1)
        if used == nil then return bad() end
        offset = offset + 1 + used + 5
    end
    if offset + 2 > len or tvb(offset, 1):uint() ~= 0xDF then return bad() end
    -- General Signing: transaction id (CRA flag + originator counter), system titles, date-time, other information.
    local id_at, id_len, after = element(tvb, offset + 1)
    if after == nil or id_len ~= 9 then return bad() end
    local cra = tvb(id_at, 1):uint()
    t:add(f.gbcs_cra, tvb(id_at, 1))
    t:add(f.gbcs_counter, tvb(id_at + 1, 8))
    local counter = tvb(id_at + 1, 8):uint64()
    local o_at, o_len, after2 = element(tvb, after)
    if after2 == nil or o_len ~= 8 then return bad() end
    t:add(f.gbcs_originator, tvb(o_at, 8))
    local r_at, r_len, after3 = element(tvb, after2)
    if after3 == nil or r_len ~= 8 then return bad() end
    t:add(f.gbcs_recipient, tvb(r_at, 8))
    local d_at, d_len, after4 = element(tvb, after3)
    if after4 == nil then return bad() end
    if d_len > 0 then t:add(f.gbcs_datetime, tvb(d_at, d_len)) end
    local i_at, i_len, after5 = element(tvb, after4)
    if after5 == nil or i_len < 2 then return bad() end
    local code = tvb(i_at, 2):uint()
    t:add(f.gbcs_code, tvb(i_at, 2))
    if i_len >= 10 then t:add(f.gbcs_remote, tvb(i_at + 2, 8)) end
    local c_at, c_len, after6 = element(tvb, after5)
    if after6 == nil then return bad() end
    if c_len > 0 then
        t:add(f.gbcs_content, tvb(c_at, c_len))
        -- DER alert payloads open with SEQUENCE, then the alert code as an INTEGER (02 03 00 8F xx).
        if cra == 3 and c_len >= 7 and tvb(c_at, 1):uint() == 0x30 then
            local _, used = der_length(tvb, c_at + 1)
            local at = used and c_at + 1 + used
            if at and at + 2 <= len and tvb(at, 1):uint() == 0x02 then
                local n = tvb(at + 1, 1):uint()
                if n >= 2 and n <= 3 and at + 2 + n <= len then
                    t:add(f.gbcs_alert, tvb(at + 2 + n - 2, 2))
                end
            end
        end
    end
    local s_at, s_len = element(tvb, after6)
    if s_at ~= nil and s_len > 0 then t:add(f.gbcs_signature, tvb(s_at, s_len)) end
    local name = message_codes[code] or string.format("message code 0x%04X", code)
    t:append_text(string.format(": %s %s, counter %s", cra_flags[cra] or "?", name, tostring(counter)))
    pinfo.cols.info:append(string.format(" GBCS %s %s", cra_flags[cra] or "?", name))
end

-- The ZCL frame in the 802.15.4 + NWK + APS headers HanBench's ZigBee hops carry (ZigBeeDataFrame, no FCS here).
local function le16(v) return string.format("%02X%02X", v % 256, math.floor(v / 256) % 256) end
local function short_of(eui_hex)
    local low = tonumber(string.sub(eui_hex, 13, 16), 16)
    if low >= 0xFFF8 then low = low - 0x8000 end
    return low
end
local function le64(eui_hex)
    local out = {}
    for i = 15, 1, -2 do out[#out + 1] = string.sub(eui_hex, i, i + 1) end
    return table.concat(out)
end

local function dissect_zcl(tvb, pinfo, tree, seq, src_hex, dst_hex, cluster)
    local broadcast = dst_hex == "FFFFFFFFFFFFFFFF"
    local dst16 = broadcast and 0xFFFF or short_of(dst_hex)
    local src16 = short_of(src_hex)
    local s = string.format("%02X", seq)
    local headers = (broadcast and "4188" or "6188") .. s .. le16(0x0DB0) .. le16(dst16) .. le16(src16)
        .. (broadcast and "0810" or "0818") .. le16(dst16) .. le16(src16) .. "1E" .. s
        .. (broadcast and "" or le64(dst_hex)) .. le64(src_hex)
        .. (broadcast and "08" or "00") .. "01" .. le16(cluster) .. le16(0x0109) .. "01" .. s
    local bytes = ByteArray.new(headers) .. tvb:bytes()
    wpan:call(bytes:tvb("ZCL in ZigBee headers"), pinfo, tree)
end

function hanbench.dissector(tvb, pinfo, tree)
    local len = tvb:len()
    pinfo.cols.protocol = "HanBench"
    local t = tree:add(hanbench, tvb())
    if len < 20 then
        t:add_proto_expert_info(e_truncated)
        return len
    end
    local kind = tvb(0, 1):uint()
    local seq = tvb(1, 1):uint()
    local src_hex = tvb(2, 8):bytes():tohex()
    local dst_hex = tvb(10, 8):bytes():tohex()
    local cluster = tvb(18, 2):le_uint()
    t:add(f.kind, tvb(0, 1))
    t:add(f.seq, tvb(1, 1))
    t:add(f.src, tvb(2, 8))
    t:add(f.dst, tvb(10, 8))
    t:add_le(f.cluster, tvb(18, 2))
    t:append_text(string.format(", %s, %s -> %s, seq %d", kinds[kind] or "?", src_hex, dst_hex, seq))
    pinfo.cols.src = src_hex
    pinfo.cols.dst = dst_hex
    pinfo.cols.info = string.format("%s seq %d", kinds[kind] or "unknown kind", seq)
    local payload = tvb(20)
    if len > 20 then t:add(f.payload, payload) end
    if kind == 1 and len > 20 then
        dissect_zcl(payload:tvb(), pinfo, tree, seq, src_hex, dst_hex, cluster)
        pinfo.cols.protocol = "HanBench"
    elseif kind == 2 and len > 20 then
        dissect_gbcs(payload:tvb(), pinfo, tree)
    elseif kind == 3 and len >= 22 then
        local type = tvb(20, 1):uint()
        t:add(f.mgmt_type, tvb(20, 1))
        t:add(f.mgmt_token, tvb(21, 1))
        if len > 22 then t:add(f.mgmt_body, tvb(22)) end
        -- Bodies with fixed openings (shared/…/Management): the device a join or removal names, a join's outcome, an ack.
        if (type == 0x04 or type == 0x05 or type == 0x84) and len >= 30 then
            t:add(f.mgmt_device, tvb(22, 8))
            if type == 0x84 and len >= 31 then t:add(f.mgmt_join_status, tvb(30, 1)) end
        elseif type == 0xFF and len >= 24 then
            t:add(f.mgmt_ack_type, tvb(22, 1))
            t:add(f.mgmt_ack_result, tvb(23, 1))
        end
        pinfo.cols.info:append(" " .. (management_types[type] or string.format("type 0x%02X", type)))
    end
    return len
end

local encap = (wtap_encaps or wtap).USER0
DissectorTable.get("wtap_encap"):add(encap, hanbench)
