import Foundation

/// Training mode (issue 18, "oefenomgeving"): the same program on a database, a key file and a mail
/// set-up of its own, so that the network can run the real flows on fictional cases. The isolation is
/// by storage, not by filters: a training process opens a different SQLite file or a different
/// PostgreSQL schema (its search path holds only that schema), so no query it runs can name a real
/// table, and no filter that someone forgets can let a real case through (docs/training-mode.md).
extension AppConfiguration {
    /// The folder under the data directory where training keeps its database and keys.
    public static let trainingFolder = "training"
    /// The SQLite file of training: never `tegenkracht.sqlite`, so the two cannot be mixed up.
    public static let trainingSQLiteFile = "tegenkracht-training.sqlite"
    /// The PostgreSQL schema of training when the real one is `public`.
    public static let trainingSchema = "training"

    /// The schema of training next to a given real schema (`public` when nil).
    public static func trainingSchema(for realSchema: String?) -> String {
        realSchema.map { "\($0)_\(trainingSchema)" } ?? trainingSchema
    }

    /// This configuration turned into its training counterpart. Pure: it reads no file and no
    /// environment, so the same base gives the same training configuration every time, and a test can
    /// check the derivation without starting anything. Applying it twice changes nothing.
    public func training() -> AppConfiguration {
        guard !isTraining else { return self }
        var config = self
        config.isTraining = true
        // Everything of training lives under <data>/training: the SQLite file, the keys, the spool of
        // attachments being uploaded (IntakeUpload writes under the data directory).
        let folder = (dataDirectory as NSString).appendingPathComponent(Self.trainingFolder)
        config.dataDirectory = folder
        config.sqlitePath = (folder as NSString).appendingPathComponent(Self.trainingSQLiteFile)
        // A schema of its own on the same server; configure puts only this schema on the search path.
        config.postgresSchema = usesPostgres ? Self.trainingSchema(for: postgresSchema) : nil
        // Keys of its own, made at the first start: a real key file can never open a training value,
        // nor the reverse, even if the two databases were ever mixed up.
        config.keyFile = (folder as NSString).appendingPathComponent("keys/master-keys.json")
        config.mayCreateKeyFile = true
        // No e-mail at all: notices and reminders stay in the training database's queue.
        config.sendmailPath = nil
        // Training figures are not the service's figures, and its staff sign in with local accounts:
        // no single sign-on that could tie a training session to a real identity.
        config.metricsToken = nil
        config.singleSignOn = nil
        // The fictional demo organisation, never the real one.
        config.organisationFile = nil
        config.loadDemoOrganisation = true
        return config
    }
}

extension AppConfiguration {
    /// The fictional cases training starts with (docs/training-mode.md).
    public var trainingCasesFile: String {
        (resourcesDirectory as NSString).appendingPathComponent("Learning/training-cases.json")
    }
}
