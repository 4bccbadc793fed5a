/// A JSON value, for the parts of a notebook that are carried through rather than interpreted.
///
/// Objects keep their keys' order so that a notebook written back reads like the one read.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as the exact text it was written with, so that nothing is lost in a round trip.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object, as its members in file order.
    case object(OrderedMembers)

    /// An object's members in the order they were written.
    public struct OrderedMembers: Sendable, Equatable, ExpressibleByDictionaryLiteral {
        /// The members, in order.
        public var members: [(key: String, value: JSONValue)]

        /// Creates an object from members in order.
        public init(_ members: [(key: String, value: JSONValue)] = []) { self.members = members }

        /// Creates an object from a literal; its order is the literal's.
        public init(dictionaryLiteral elements: (String, JSONValue)...) {
            members = elements.map { (key: $0.0, value: $0.1) }
        }

        /// The value of the first member with this key; setting appends a new member or replaces the value.
        public subscript(key: String) -> JSONValue? {
            get { members.first { $0.key == key }?.value }
            set {
                if let position = members.firstIndex(where: { $0.key == key }) {
                    if let newValue { members[position].value = newValue } else { members.remove(at: position) }
                } else if let newValue {
                    members.append((key: key, value: newValue))
                }
            }
        }

        public static func == (lhs: OrderedMembers, rhs: OrderedMembers) -> Bool {
            lhs.members.count == rhs.members.count
                && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        }
    }
}
