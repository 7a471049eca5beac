/// The seed SDK's SDP munging (plivo-sdk-behaviour §5.3), done on the parsed lines.
extension SDPSession {
    /// Applies the seed's `codecs` option to every active audio media description: the `m=`
    /// line keeps only the payload types of the preferred codecs, in preference order (all
    /// payload types of a codec, in their original order), and the `a=rtpmap`, `a=fmtp` and
    /// `a=rtcp-fb` lines of every payload type dropped from the `m=` line are removed.
    ///
    /// Deliberate differences from the SDK: `telephone-event` payload types are kept (after the
    /// codecs, in their original order) unless `keepingTelephoneEvent` is false, so RFC 4733
    /// DTMF stays negotiable; static payload types 0 and 8 without `a=rtpmap` are recognised;
    /// the lines of every dropped payload type go (the SDK keeps those of red,
    /// telephone-event and others outside its list); a description with none of the codecs is
    /// an error instead of an empty `m=` line. Media descriptions with port 0 are left alone.
    public func applyingCodecPreference(_ preference: SDPCodecPreference,
                                        keepingTelephoneEvent: Bool = true) throws(SDPMungingError) -> SDPSession {
        var result = self
        for (index, description) in media.enumerated() where description.media == "audio" && description.port != 0 {
            let table = description.rtpMapsByFormat
            var kept: [String] = []
            var keptSet: Set<String> = []
            for codec in preference.codecs {
                for format in description.formats where !keptSet.contains(format) {
                    if let map = table[format], codec.matches(map) {
                        kept.append(format)
                        keptSet.insert(format)
                    }
                }
            }
            if kept.isEmpty { throw .noPreferredCodec(mediaIndex: index) }
            if keepingTelephoneEvent {
                for format in description.formats where !keptSet.contains(format) {
                    if table[format]?.isTelephoneEvent == true {
                        kept.append(format)
                        keptSet.insert(format)
                    }
                }
            }
            let dropped = Set(description.formats).subtracting(keptSet)
            var updated = description
            if updated.mediaLine.formats != kept { updated.mediaLine.formats = kept }
            updated.lines.removeAll { line in
                guard line.isAttribute("rtpmap") || line.isAttribute("fmtp") || line.isAttribute("rtcp-fb"),
                      let value = line.attribute?.value, let format = SDPGrammar.fields(value).first else { return false }
                return dropped.contains(String(format))
            }
            result.media[index] = updated
        }
        return result
    }

    /// Sets `maxaveragebitrate=<bitrate>` on the Opus format parameters of every active audio
    /// media description (RFC 7587 §6.1; the seed's `maxAverageBitrate`): an existing value is
    /// replaced in place, otherwise the parameter is appended to the `a=fmtp` line, or an
    /// `a=fmtp` line is added after the `a=rtpmap` when there is none.
    ///
    /// Deliberate difference from the SDK, which rewrites only the first `useinbandfec=1` it
    /// finds: every Opus payload type gets the parameter whatever its other parameters, and an
    /// existing `maxaveragebitrate` is replaced instead of duplicated.
    public func applyingOpusMaxAverageBitrate(_ bitrate: SDPOpusMaxAverageBitrate) -> SDPSession {
        var result = self
        for (index, description) in media.enumerated() where description.media == "audio" && description.port != 0 {
            var updated = description
            let table = description.rtpMapsByFormat
            var done: Set<String> = []
            for format in description.formats where done.insert(format).inserted {
                guard let map = table[format], SDPAudioCodec.opus.matches(map) else { continue }
                updated.setFormatParameter("maxaveragebitrate", to: bitrate.description, format: format)
            }
            result.media[index] = updated
        }
        return result
    }
}

extension SDPMediaDescription {
    /// Sets one parameter on the first `a=fmtp` line of `format`, adding that line after the
    /// format's `a=rtpmap` (or at the end) when there is none (RFC 8866 §6.15).
    mutating func setFormatParameter(_ name: String, to value: String, format: String) {
        for index in lines.indices where lines[index].isAttribute("fmtp") {
            guard let attribute = lines[index].attribute, let text = attribute.value,
                  var parameters = SDPFormatParameters(parsing: text), parameters.format == format else { continue }
            parameters.set(name, to: value)
            lines[index].value = SDPAttribute(name: attribute.name, value: parameters.description).lineValue
            return
        }
        let line = SDPLine.attribute("fmtp", SDPFormatParameters(format: format, parameters: name + "=" + value).description)
        let rtpmap = lines.firstIndex { line in
            line.isAttribute("rtpmap") && line.attribute?.value.flatMap { SDPGrammar.fields($0).first } == Substring(format)
        }
        lines.insert(line, at: rtpmap.map { $0 + 1 } ?? lines.endIndex)
    }
}
