import CVision

/// Turns a CVision return code into a thrown error carrying the native message.
@inline(__always)
func check(_ code: Int32) throws {
    if code != 0 { throw VisionError.native(String(cString: cv_last_error())) }
}

/// The message of the last native failure on this thread.
func nativeMessage() -> String { String(cString: cv_last_error()) }
