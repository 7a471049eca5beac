import Testing
import AudioProcessing

@Suite struct AudioProcessingErrorTests {
    @Test func descriptionsNameTheProblem() {
        #expect(AudioProcessingError.invalidParameter(name: "sampleRate", reason: "must be 8000…48000").description
                == "invalid sampleRate: must be 8000…48000")
        #expect(AudioProcessingError.libraryCallFailed(call: "speex_preprocess_state_init").description
                == "speex_preprocess_state_init failed")
    }
}
