extension StringProtocol {
    /// Full-width ASCII forms (`２０１８`, `％`, `，`) turned into their ASCII twins and the
    /// ideographic space into a space; everything else as it is.
    public var halfWidth: String {
        var out = String.UnicodeScalarView()
        for s in unicodeScalars {
            switch s.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(s.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.append(s)
            }
        }
        return String(out)
    }
}
