#!/usr/bin/env bash
# Makes the speech fixtures of Tests/AudioProcessingTests in Fixtures/audio/ (all 48 kHz mono
# 16-bit PCM WAV, 4.0 s):
#
#   speech-clean.wav       0.5 s of digital silence, an English sentence (espeak-ng, en-us),
#                          normalised to -3 dBFS peak, silence to 4.0 s
#   noise-white.wav        white noise alone, at the level it has in the mix below
#   noise-pink.wav         pink noise alone, likewise
#   speech-white-5db.wav   speech-clean + noise-white: 5 dB SNR over the speech
#   speech-pink-5db.wav    speech-clean + noise-pink: likewise
#
# The SNR is computed over the speech itself (the sentence with its leading and trailing silence
# trimmed): noise RMS = speech RMS - 5 dB. Each mix is the sample-by-sample sum of the two 16-bit
# files (no clipping, checked), so a test can subtract one from the other.
#
# Needs espeak-ng and sox (Debian: apt-get install espeak-ng sox); the tests only read the WAVs,
# which are committed. sox runs with -R (fixed random seed) and -D (no dither), so the output is
# the same on every run with the same espeak-ng and sox versions.
set -euo pipefail

cd "$(dirname "$0")/.."
out=Fixtures/audio
mkdir -p "$out"

for tool in espeak-ng sox; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "make-speech-fixtures: $tool is missing (apt-get install espeak-ng sox)" >&2
        exit 1
    }
done

rate=48000
total=4.0       # seconds per file
lead=0.5        # seconds of silence before the speech
snr=5           # dB, speech over noise
sentence="Hello, can you hear me? This is a test call."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sox_q() { sox -q -R -D "$@"; }
rms_db() { sox -R -D "$1" -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }'; }

# 1. The sentence: synthesise, trim espeak-ng's own silences, resample, normalise the peak.
espeak-ng -v en-us -s 165 -w "$work/raw.wav" "$sentence"
sox_q "$work/raw.wav" -e floating-point -b 32 "$work/trimmed.wav" \
    silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse
sox_q "$work/trimmed.wav" -e signed-integer -b 16 -r "$rate" "$work/speech.wav" rate -v norm -3

speech_len=$(soxi -D "$work/speech.wav")
tail_len=$(awk -v t="$total" -v l="$lead" -v s="$speech_len" 'BEGIN { printf "%.6f", t - l - s }')
awk -v x="$tail_len" 'BEGIN { exit !(x > 0.2) }' || {
    echo "make-speech-fixtures: the sentence ($speech_len s) leaves no trailing silence in $total s" >&2
    exit 1
}
sox_q "$work/speech.wav" "$out/speech-clean.wav" pad "$lead" "$tail_len" trim 0 "$total"

speech_db=$(rms_db "$work/speech.wav")
target_db=$(awk -v s="$speech_db" -v n="$snr" 'BEGIN { printf "%.3f", s - n }')
echo "speech: $speech_len s, RMS $speech_db dBFS over the speech; noise target $target_db dBFS RMS"

# 2. Noise at the target RMS, alone and mixed. sox -m -v 1 -v 1 adds the samples unscaled.
for colour in white pink; do
    sox_q -n -r "$rate" -c 1 -e floating-point -b 32 "$work/$colour-raw.wav" synth "$total" ${colour}noise
    raw_db=$(rms_db "$work/$colour-raw.wav")
    gain=$(awk -v t="$target_db" -v r="$raw_db" 'BEGIN { printf "%.3f", t - r }')
    sox_q "$work/$colour-raw.wav" -e signed-integer -b 16 "$out/noise-$colour.wav" gain "$gain"
    mix_log="$work/$colour-mix.log"
    sox -R -D -m -v 1 "$out/speech-clean.wav" -v 1 "$out/noise-$colour.wav" \
        "$out/speech-$colour-${snr}db.wav" 2> "$mix_log"
    if grep -qi clip "$mix_log"; then
        cat "$mix_log" >&2
        echo "make-speech-fixtures: the $colour mix clipped" >&2
        exit 1
    fi
    echo "$colour: noise RMS $(rms_db "$out/noise-$colour.wav") dBFS (gain $gain dB)"
done

ls -l "$out"/speech-*.wav "$out"/noise-*.wav
