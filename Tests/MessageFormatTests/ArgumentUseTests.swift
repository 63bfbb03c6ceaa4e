import MessageFormat
import Testing

@Suite("Argument uses")
struct ArgumentUseTests {
    @Test("each argument once, with its kind, style and a select's keys, nested ones included")
    func uses() throws {
        let message = try MessageParser.parse(
            "{gender, select, female {Dear {name}} male {Dear {name}} other {Hello {name}}}: {amount, number, ::currency/USD} "
                + "on {when, date, long}, {n, plural, one {# day} other {# days, {gender, select, female {x} team {y} other {z}}}}")
        let uses = message.argumentUses
        #expect(uses.map(\.name) == ["gender", "name", "amount", "when", "n"])
        #expect(uses[0].kind == .select && uses[0].options == ["female", "male", "team"])
        #expect(uses[1].kind == .text && uses[1].style == nil)
        #expect(uses[2].kind == .number && uses[2].style == "::currency/USD" && uses[2].currency == "USD")
        #expect(uses[3].kind == .date && uses[3].style == "long")
        #expect(uses[4].kind == .plural && uses[4].currency == nil)
    }

    @Test("across a template's texts, the stronger use wins: a plural shown as a number is a number")
    func merged() throws {
        let chat = try MessageParser.parse("{n, plural, one {# file} other {# files}} for {who}")
        let email = try MessageParser.parse("{n, number, integer} files for {who}, {x, select, a {A} other {B}}")
        let uses = Message.argumentUses(of: [chat, email])
        #expect(uses.map(\.name) == ["n", "who", "x"])
        #expect(uses[0].kind == .number && uses[0].style == "integer")
        #expect(uses[2].options == ["a"])
    }
}
