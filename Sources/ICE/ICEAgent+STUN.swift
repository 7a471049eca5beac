import StackCore
import STUN

extension ICEAgent {
    /// The short-term key of `password`, kept so its HMAC set-up is computed once.
    func integrityKey(for password: String) -> STUNIntegrityKey {
        if let key = keys[password] { return key }
        let key = STUNIntegrityKey.shortTerm(password: password)
        if keys.count > 8 { keys.removeAll() }
        keys[password] = key
        return key
    }

    // MARK: Receiving (RFC 7983 demultiplexing)

    func receive(_ datagram: Datagram) {
        guard !closed, let first = datagram.bytes.first else { return }
        // RFC 7983 §7: a first byte of 0–3 is STUN; 20–63 DTLS, 128–191 RTP/RTCP go on.
        guard first <= 3 else {
            deliverData(datagram)
            return
        }
        let message: STUNMessage
        do {
            message = try STUNMessage(decoding: datagram.bytes)
        } catch {
            statistics.malformedSTUN += 1
            return
        }
        switch message.messageClass {
        case .request:
            receiveRequest(message, datagram)
        case .successResponse, .errorResponse:
            receiveResponse(message, datagram)
        case .indication:
            break
        }
    }

    private func deliverData(_ datagram: Datagram) {
        guard machine.remoteCandidates.contains(where: { $0.address == datagram.source }) else {
            statistics.unknownSourceData += 1
            return
        }
        dataHandler?(datagram.bytes, datagram.source)
    }

    /// A connectivity check from the peer (RFC 8445 §7.3, RFC 8489 §9.1.3 short-term auth):
    /// FINGERPRINT when present, USERNAME `<our ufrag>:…`, MESSAGE-INTEGRITY with our password,
    /// PRIORITY; failures are answered 400/401 (or dropped) and counted.
    private func receiveRequest(_ request: STUNMessage, _ datagram: Datagram) {
        guard request.method == .binding else { return }
        if request.fingerprint != nil {
            do { try request.verifyFingerprint() } catch {
                statistics.unauthenticatedSTUN += 1
                return
            }
        }
        let key = integrityKey(for: machine.localCredentials.password)
        if !request.unknownComprehensionRequiredAttributes.isEmpty, let answer = request.unknownAttributesResponse() {
            send(answer, key: key, from: datagram.local, to: datagram.source)
            return
        }
        guard let username = request.username, request.attribute(.messageIntegrity) != nil,
              let priority = request.priority else {
            statistics.unauthenticatedSTUN += 1
            send(request.errorResponse(.badRequest), key: nil, from: datagram.local, to: datagram.source)
            return
        }
        guard username.hasPrefix(machine.localCredentials.ufrag + ":") else {
            statistics.unauthenticatedSTUN += 1
            send(request.errorResponse(.unauthenticated), key: nil, from: datagram.local, to: datagram.source)
            return
        }
        do {
            _ = try request.verifyIntegrity(key: key)
        } catch {
            statistics.unauthenticatedSTUN += 1
            send(request.errorResponse(.unauthenticated), key: nil, from: datagram.local, to: datagram.source)
            return
        }
        let check = ICECheckRequest(
            source: datagram.source, destination: datagram.local, priority: priority,
            useCandidate: request.useCandidate, controlling: request.iceControlling, controlled: request.iceControlled,
            transactionID: request.transactionID.bytes)
        perform(machine.handle(.request(check)))
    }

    /// Our answer to a check: success with XOR-MAPPED-ADDRESS, or 487, integrity-protected with
    /// our password, with FINGERPRINT (RFC 8445 §7.3.1.2).
    func respond(to request: ICECheckRequest, with response: ICECheckResponse) {
        guard let id = STUNTransactionID(bytes: request.transactionID) else { return }
        let original = STUNMessage(.request, method: .binding, transactionID: id)
        let message: STUNMessage
        switch response {
        case .success(let mapped):
            guard let address = STUNTransportAddress(host: mapped.host, port: UInt16(clamping: mapped.port)) else { return }
            message = original.successResponse(attributes: [.xorMappedAddress(address)])
        case .roleConflict:
            message = original.errorResponse(.roleConflict)
        }
        send(message, key: integrityKey(for: machine.localCredentials.password), from: request.destination,
             to: request.source)
    }

    private func send(_ message: STUNMessage, key: STUNIntegrityKey?, from local: ICETransportAddress,
                      to destination: ICETransportAddress) {
        var bytes: [UInt8] = []
        guard (try? message.encode(into: &bytes, integrityKey: key, fingerprint: true)) != nil,
              let socket = sockets[local] else { return }
        socket.send(bytes, to: destination)
    }

    /// A response: it must match a transaction and come from where the request went (RFC 8445
    /// §7.2.5.2.1); a check's response must carry integrity with the peer's password.
    private func receiveResponse(_ response: STUNMessage, _ datagram: Datagram) {
        guard var pending = transactions[response.transactionID] else {
            statistics.strayResponses += 1
            return
        }
        if response.fingerprint != nil {
            do { try response.verifyFingerprint() } catch {
                statistics.unauthenticatedSTUN += 1
                return
            }
        }
        if case .check(let check) = pending.purpose {
            do {
                _ = try response.verifyIntegrity(key: integrityKey(for: check.password))
            } catch {
                statistics.unauthenticatedSTUN += 1
                return
            }
        }
        guard datagram.source == pending.to, datagram.local == pending.from else {
            // Not symmetric: the check fails (§7.2.5.2.1); a Binding to a server just ignores it.
            if case .check(let check) = pending.purpose {
                pending.timer?.cancel()
                transactions[response.transactionID] = nil
                perform(machine.handle(.checkResult(checkID: check.id, .failure(code: nil))))
            }
            return
        }
        let actions = pending.machine.handle(.response(response))
        transactions[response.transactionID] = pending
        performTransaction(response.transactionID, actions)
    }

    // MARK: Sending requests

    func startCheck(_ check: ICECheck) {
        var attributes: [STUNAttribute] = [.username(check.username), .priority(check.priority)]
        attributes.append(check.role == .controlling ? .iceControlling(check.tieBreaker) : .iceControlled(check.tieBreaker))
        if check.useCandidate { attributes.append(.useCandidate) }
        if let software = configuration.software { attributes.insert(.software(software), at: 0) }
        let request = STUNMessage(.request, method: .binding, attributes: attributes)
        var bytes: [UInt8] = []
        guard (try? request.encode(into: &bytes, integrityKey: integrityKey(for: check.password), fingerprint: true))
            != nil, sockets[check.from] != nil else {
            perform(machine.handle(.checkResult(checkID: check.id, .failure(code: nil))))
            return
        }
        startTransaction(request, bytes: bytes, purpose: .check(check), from: check.from, to: check.to)
    }

    func startBinding(from base: ICETransportAddress, to server: ICETransportAddress) {
        var attributes: [STUNAttribute] = []
        if let software = configuration.software { attributes.append(.software(software)) }
        let request = STUNMessage(.request, method: .binding, attributes: attributes)
        var bytes: [UInt8] = []
        guard (try? request.encode(into: &bytes, fingerprint: true)) != nil, sockets[base] != nil else {
            performGathering(gathering.handle(.stunFailed(server: server, base: base)))
            return
        }
        startTransaction(request, bytes: bytes, purpose: .binding(server: server, base: base), from: base, to: server)
    }

    private func startTransaction(_ request: STUNMessage, bytes: [UInt8], purpose: Purpose, from: ICETransportAddress,
                                  to: ICETransportAddress) {
        var machine = STUNClientTransactionStateMachine(request: request, bytes: bytes,
                                                         configuration: configuration.stunTransaction)
        let actions = machine.handle(.start)
        transactions[request.transactionID] = PendingTransaction(machine: machine, purpose: purpose, from: from, to: to,
                                                                 timer: nil, timerGeneration: 0)
        performTransaction(request.transactionID, actions)
    }

    private func performTransaction(_ id: STUNTransactionID, _ actions: [STUNClientTransactionAction]) {
        for action in actions {
            guard var pending = transactions[id] else { return }
            switch action {
            case .send(let bytes):
                sockets[pending.from]?.send(bytes, to: pending.to)
            case .startTimer(let delay):
                pending.timer?.cancel()
                pending.timerGeneration &+= 1
                let generation = pending.timerGeneration
                pending.timer = timers.schedule(after: delay) { [weak self] in
                    Task { await self?.transactionTimerFired(id, generation: generation) }
                }
                transactions[id] = pending
            case .cancelTimer:
                pending.timer?.cancel()
                pending.timer = nil
                transactions[id] = pending
            case .complete(let response):
                pending.timer?.cancel()
                transactions[id] = nil
                completed(pending.purpose, response: response)
            case .timeout:
                pending.timer?.cancel()
                transactions[id] = nil
                timedOut(pending.purpose)
            }
        }
    }

    private func transactionTimerFired(_ id: STUNTransactionID, generation: UInt64) {
        guard var pending = transactions[id], pending.timerGeneration == generation else { return }
        let actions = pending.machine.handle(.timerFired)
        pending.timer = nil
        transactions[id] = pending
        performTransaction(id, actions)
    }

    private func completed(_ purpose: Purpose, response: STUNMessage) {
        switch purpose {
        case .check(let check):
            let result: ICECheckResult
            if response.messageClass == .successResponse, let mapped = response.xorMappedAddress {
                result = .success(mapped: ICETransportAddress(host: mapped.address.description, port: Int(mapped.port)))
            } else if response.errorCode?.code == 487 {
                result = .roleConflict
            } else {
                result = .failure(code: response.errorCode?.code)
            }
            perform(machine.handle(.checkResult(checkID: check.id, result)))
        case let .binding(server, base):
            if response.messageClass == .successResponse,
               let mapped = response.xorMappedAddress ?? response.mappedAddress {
                let address = ICETransportAddress(host: mapped.address.description, port: Int(mapped.port))
                performGathering(gathering.handle(.stunAnswered(server: server, base: base, mapped: address)))
            } else {
                performGathering(gathering.handle(.stunFailed(server: server, base: base)))
            }
        }
    }

    private func timedOut(_ purpose: Purpose) {
        switch purpose {
        case .check(let check):
            perform(machine.handle(.checkResult(checkID: check.id, .timeout)))
        case let .binding(server, base):
            performGathering(gathering.handle(.stunFailed(server: server, base: base)))
        }
    }
}
