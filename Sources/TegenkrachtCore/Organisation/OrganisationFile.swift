import Foundation

/// Reads an organisation document (JSON) and accepts it only when it is entirely valid: syntax,
/// types, no unknown keys (a misspelt key would otherwise be silently ignored), and every rule of
/// `OrganisationValidator`.
public enum OrganisationFile {
    public static func load(path: String) throws(InvalidOrganisation) -> Organisation {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InvalidOrganisation(problems: [
                ConfigurationProblem(file: path, path: "", key: "config.problem.unreadable", arguments: ["file": name]),
            ])
        }
        do {
            return try parse(data)
        } catch {
            throw InvalidOrganisation(problems: error.problems.map { var p = $0; p.file = path; return p })
        }
    }

    public static func parse(_ data: Data) throws(InvalidOrganisation) -> Organisation {
        let tree: Any
        do {
            tree = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw InvalidOrganisation(problems: [syntaxProblem(error)])
        }
        let organisation: Organisation
        do {
            organisation = try JSONDecoder().decode(Organisation.self, from: data)
        } catch let error as DecodingError {
            throw InvalidOrganisation(problems: [decodingProblem(error)])
        } catch {
            throw InvalidOrganisation(problems: [syntaxProblem(error)])
        }
        var problems = unknownKeys(in: tree, comparedWith: organisation)
        problems += OrganisationValidator.problems(in: organisation)
        guard problems.isEmpty else { throw InvalidOrganisation(problems: problems) }
        return organisation
    }

    /// Pretty, stable JSON for storing and editing.
    public static func encode(_ organisation: Organisation) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail.
        return (try? encoder.encode(organisation)) ?? Data()
    }

    private static func syntaxProblem(_ error: any Error) -> ConfigurationProblem {
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return ConfigurationProblem(path: "", key: "config.problem.syntax", arguments: ["detail": detail])
    }

    private static func decodingProblem(_ error: DecodingError) -> ConfigurationProblem {
        func render(_ path: [any CodingKey]) -> String {
            var out = ""
            for key in path {
                if let index = key.intValue { out += "[\(index)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return out
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ConfigurationProblem(path: render(context.codingPath + [key]), key: "config.problem.missingKey",
                                        arguments: ["key": key.stringValue])
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return ConfigurationProblem(path: render(context.codingPath), key: "config.problem.wrongType",
                                        arguments: ["detail": context.debugDescription])
        case .dataCorrupted(let context):
            return ConfigurationProblem(path: render(context.codingPath), key: "config.problem.badValue",
                                        arguments: ["detail": context.debugDescription])
        @unknown default:
            return ConfigurationProblem(path: "", key: "config.problem.badValue", arguments: ["detail": "\(error)"])
        }
    }

    /// Every key in the input that the model does not know. The decoded model is encoded again and the
    /// two trees are compared: whatever the input has that the model did not keep was not understood.
    private static func unknownKeys(in input: Any, comparedWith organisation: Organisation) -> [ConfigurationProblem] {
        guard let known = try? JSONSerialization.jsonObject(with: encode(organisation), options: []) else { return [] }
        var problems: [ConfigurationProblem] = []
        func walk(_ a: Any, _ b: Any, _ path: String) {
            if let object = a as? [String: Any] {
                let reference = b as? [String: Any] ?? [:]
                for (key, element) in object.sorted(by: { $0.key < $1.key }) {
                    let child = path.isEmpty ? key : "\(path).\(key)"
                    if let value = reference[key] {
                        walk(element, value, child)
                    } else if !(element is NSNull) {
                        problems.append(ConfigurationProblem(path: child, key: "config.problem.unknownKey", arguments: ["key": key]))
                    }
                }
            } else if let array = a as? [Any], let reference = b as? [Any] {
                for (i, element) in array.enumerated() where i < reference.count {
                    walk(element, reference[i], "\(path)[\(i)]")
                }
            }
        }
        walk(input, known, "")
        return problems
    }
}
