using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Domain.Tests.Members;

public class ImportMembersTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly Guid ImportId = Guid.Parse("0198a1b2-0000-7000-8000-000000000001");

    private readonly TreeBuilder _tree = new();
    private readonly Organisation _otherCell;

    public ImportMembersTests()
    {
        var otherDistrict = _tree.Add(OrganisationKind.DirectlySubordinateCommittee, "HK", "Quận ủy Hoàn Kiếm", _tree.City);
        var otherWard = _tree.Add(OrganisationKind.GrassrootsCommittee, "HK.HB", "Đảng bộ phường Hàng Bạc", otherDistrict);
        _otherCell = _tree.Add(OrganisationKind.Cell, "HK.HB.01", "Chi bộ khu dân cư số 1", otherWard);
    }

    /// <summary>A valid row for the cell BD.PX.01 unless a test changes a cell; null removes it.</summary>
    private static ImportRow Row(int number, params (string Column, string? Value)[] changes)
    {
        var cells = new Dictionary<string, string?>
        {
            [C.FullName] = "Nguyễn Văn Hùng",
            [C.Sex] = "Nam",
            [C.DateOfBirth] = "15/06/1985",
            [C.CitizenId] = "001085012345",
            [C.PlaceOfBirth] = "Hà Nội",
            [C.Phone] = "0912 345 678",
            [C.CellCode] = "BD.PX.01",
            [C.AdmissionDecisionNumber] = "12-QĐ/ĐU",
            [C.AdmissionDate] = "02/03/2015",
            [C.CeremonyDate] = "15/03/2015",
        };
        foreach (var (column, value) in changes)
        {
            cells[column] = value;
        }

        return new ImportRow(number, cells);
    }

    private ImportDecision Decide(
        IReadOnlyList<ImportRow> rows,
        ISet<string>? citizenIds = null,
        ISet<string>? cards = null,
        IReadOnlySet<Guid>? scope = null) =>
        ImportMembersHandler.Decide(
            rows,
            _tree.On(Today),
            citizenIds ?? new HashSet<string>(),
            cards ?? new HashSet<string>(),
            scope ?? new HashSet<Guid> { _tree.Cell.Id, _otherCell.Id },
            Today,
            ImportId);

    private ImportError SingleError(params ImportRow[] rows)
    {
        var decision = Decide(rows);
        decision.Members.ShouldBeEmpty();
        return decision.Errors.ShouldHaveSingleItem();
    }

    [Fact]
    public void a_valid_row_starts_the_member_with_the_admission_the_recognition_and_the_card()
    {
        var decision = Decide([Row(2, (C.OfficialDate, "15/03/2016"), (C.OfficialDecisionNumber, "45-QĐ/ĐU"), (C.CardNumber, " hn 0123 4567 "))]);

        decision.IsValid.ShouldBeTrue();
        var member = decision.Members.ShouldHaveSingleItem();
        member.RowNumber.ShouldBe(2);
        member.MemberId.ShouldBe(ImportMembersHandler.MemberIdFor(ImportId, 2));
        member.Events.Count.ShouldBe(3);
        var admitted = member.Events[0].ShouldBeOfType<MemberAdmitted>();
        admitted.MemberId.ShouldBe(member.MemberId);
        admitted.CellId.ShouldBe(_tree.Cell.Id);
        admitted.Decision.ShouldBe(new Decision("12-QĐ/ĐU", new LocalDate(2015, 3, 2)));
        admitted.CeremonyDate.ShouldBe(new LocalDate(2015, 3, 15));
        admitted.Profile.ShouldBe(new MemberProfile(
            "Nguyễn Văn Hùng", Sex.Male, new LocalDate(1985, 6, 15), PlaceOfBirth: "Hà Nội", CitizenId: "001085012345", Phone: "0912345678"));
        member.Events[1].ShouldBe(new MemberRecognisedOfficial(new Decision("45-QĐ/ĐU", new LocalDate(2016, 3, 15)), new LocalDate(2016, 3, 15)));
        member.Events[2].ShouldBe(new PartyCardIssued("HN01234567", new LocalDate(2016, 3, 15)));
    }

    [Fact]
    public void the_folded_stream_is_an_official_member_of_the_cell_with_the_card()
    {
        var events = Decide([Row(2, (C.OfficialDate, "15/03/2016"), (C.CardNumber, "01234567"))]).Members[0].Events;

        var member = Member.Create((MemberAdmitted)events[0]).With([.. events.Skip(1)]);

        member.Status.ShouldBe(MembershipStatus.Official);
        member.OfficialDate.ShouldBe(new LocalDate(2016, 3, 15));
        member.CardNumber.ShouldBe("01234567");
        member.CellId.ShouldBe(_tree.Cell.Id);
        member.PartyAgeYears(Today).ShouldBe(9);
    }

    [Fact]
    public void without_an_official_date_the_member_stays_probationary_and_without_a_card_number_gets_none()
    {
        var member = Decide([Row(2)]).Members.ShouldHaveSingleItem();

        member.Events.ShouldHaveSingleItem().ShouldBeOfType<MemberAdmitted>();
    }

    [Fact]
    public void badges_already_received_in_the_file_are_carried_onto_the_record()
    {
        var events = Decide([Row(2, (C.DateOfBirth, "01/01/1960"), (C.CitizenId, null), (C.AdmissionDate, "02/03/1983"), (C.CeremonyDate, null), (C.OfficialDate, "02/03/1984"), (C.Badges, "30; 40 năm"))]).Members[0].Events;

        var received = events[^1].ShouldBeOfType<PartyBadgesReceivedBefore>();
        received.Years.ShouldBe([30, 40]);
        received.EffectiveDate.ShouldBe(Today);
        var member = Member.Create((MemberAdmitted)events[0]).With([.. events.Skip(1)]);
        member.Badges.ShouldBe([30, 40]);
        PartyBadges.Due(member, new LocalDate(2028, 3, 2)).ShouldBe(45);
    }

    [Theory]
    [InlineData("35", "Import.BadgeInvalid")]
    [InlineData("ba mươi", "Import.BadgeInvalid")]
    [InlineData("30, 45", "Import.BadgeNotReached")]
    public void a_badge_not_on_the_list_or_beyond_the_party_age_is_an_error(string text, string code)
    {
        // Admitted on 2 March 1983: 41 years of party age on 1 March 2025.
        var error = SingleError(Row(2, (C.DateOfBirth, "01/01/1960"), (C.CitizenId, null), (C.AdmissionDate, "02/03/1983"), (C.CeremonyDate, null), (C.Badges, text)));

        (error.Column, error.Code).ShouldBe((C.Badges, code));
    }

    [Fact]
    public void an_empty_ceremony_date_is_the_decision_date()
    {
        var admitted = (MemberAdmitted)Decide([Row(2, (C.CeremonyDate, null))]).Members[0].Events[0];

        admitted.CeremonyDate.ShouldBe(new LocalDate(2015, 3, 2));
    }

    [Fact]
    public void without_its_own_number_the_recognition_cites_the_admission_number_on_the_official_date()
    {
        var events = Decide([Row(2, (C.OfficialDate, "2016-03-15"))]).Members[0].Events;

        events[1].ShouldBe(new MemberRecognisedOfficial(new Decision("12-QĐ/ĐU", new LocalDate(2016, 3, 15)), new LocalDate(2016, 3, 15)));
    }

    [Fact]
    public void a_legacy_official_date_less_than_12_months_after_the_ceremony_is_taken_as_the_file_says()
    {
        var events = Decide([Row(2, (C.OfficialDate, "15/09/2015"))]).Members[0].Events;

        events[1].ShouldBeOfType<MemberRecognisedOfficial>().EffectiveDate.ShouldBe(new LocalDate(2015, 9, 15));
    }

    [Fact]
    public void member_ids_come_from_the_import_and_the_row_so_a_retried_import_gives_the_same_ids()
    {
        var first = Decide([Row(2), Row(3, (C.CitizenId, "001185012346"))]).Members.Select(m => m.MemberId).ToList();
        var again = Decide([Row(2), Row(3, (C.CitizenId, "001185012346"))]).Members.Select(m => m.MemberId).ToList();

        again.ShouldBe(first);
        first.Distinct().Count().ShouldBe(2);
        ImportMembersHandler.MemberIdFor(Guid.NewGuid(), 2).ShouldNotBe(first[0]);
        first[0].Version.ShouldBe(5);
    }

    [Fact]
    public void a_placeholder_citizen_id_is_an_error_on_its_column()
    {
        var error = SingleError(Row(2, (C.CitizenId, "000000000000")));

        error.Column.ShouldBe(C.CitizenId);
        error.Code.ShouldBe("Member.CitizenIdPlaceholder");
    }

    [Fact]
    public void a_citizen_id_in_scientific_notation_from_a_csv_saved_by_excel_is_an_error_on_its_column()
    {
        var error = SingleError(Row(2, (C.CitizenId, "1.23457E+11")));

        error.Column.ShouldBe(C.CitizenId);
        error.Code.ShouldBe("Member.CitizenIdLostDigits");
    }

    [Fact]
    public void every_row_is_checked_and_every_error_is_returned_with_nothing_to_import()
    {
        var decision = Decide([
            Row(2, (C.FullName, " ")),
            Row(3, (C.CitizenId, "001085012346")),
            Row(4, (C.CitizenId, "001085012347"), (C.DateOfBirth, "31/02/1985"), (C.CellCode, "XX")),
        ]);

        decision.IsValid.ShouldBeFalse();
        decision.Members.ShouldBeEmpty();
        decision.Errors.Select(e => (e.RowNumber, e.Column, e.Code)).ShouldBe([
            (2, C.FullName, "Import.Required"),
            (4, C.DateOfBirth, "Import.DateInvalid"),
            (4, C.CellCode, "Import.UnknownCell"),
        ]);
    }

    [Theory]
    [InlineData(C.FullName)]
    [InlineData(C.Sex)]
    [InlineData(C.DateOfBirth)]
    [InlineData(C.CellCode)]
    [InlineData(C.AdmissionDecisionNumber)]
    [InlineData(C.AdmissionDate)]
    public void a_required_cell_left_empty_is_an_error_on_its_column(string column)
    {
        var error = SingleError(Row(7, (column, "")));

        error.ShouldBeError(7, column, "Import.Required");
    }

    [Theory]
    [InlineData("15/06/1985", 1985, 6, 15)]
    [InlineData("5/6/1985", 1985, 6, 5)]
    [InlineData("05-06-1985", 1985, 6, 5)]
    [InlineData("05.06.1985", 1985, 6, 5)]
    [InlineData("1985-06-15", 1985, 6, 15)]
    [InlineData("1985-06-15T00:00:00", 1985, 6, 15)]
    [InlineData("15/06/1985 00:00:00", 1985, 6, 15)]
    [InlineData("31213", 1985, 6, 15)]
    [InlineData("31213.0", 1985, 6, 15)]
    [InlineData("45658", 2025, 1, 1)]
    public void dates_are_read_as_dd_MM_yyyy_iso_or_spreadsheet_serials(string text, int year, int month, int day)
    {
        ImportDates.TryParse(text, out var date).ShouldBeTrue();
        date.ShouldBe(new LocalDate(year, month, day));
    }

    [Theory]
    [InlineData("31/02/1985", "Import.DateInvalid")]
    [InlineData("06/15/1985", "Import.DateInvalid")]
    [InlineData("15/06/85", "Import.DateInvalid")]
    [InlineData("mười lăm", "Import.DateInvalid")]
    [InlineData("1985", "Import.DateYearOnly")]
    public void a_date_that_cannot_be_read_is_an_error_naming_the_text(string text, string code)
    {
        var error = SingleError(Row(2, (C.DateOfBirth, text)));

        error.ShouldBeError(2, C.DateOfBirth, code, text);
    }

    [Theory]
    [InlineData("Nam", Sex.Male)]
    [InlineData("NỮ", Sex.Female)]
    [InlineData("nu", Sex.Female)]
    [InlineData("Male", Sex.Male)]
    [InlineData("female", Sex.Female)]
    [InlineData("M", Sex.Male)]
    [InlineData("F", Sex.Female)]
    public void sex_is_read_in_vietnamese_or_english(string text, Sex sex)
    {
        var admitted = (MemberAdmitted)Decide([Row(2, (C.Sex, text))]).Members[0].Events[0];

        admitted.Profile.Sex.ShouldBe(sex);
    }

    [Fact]
    public void an_unknown_sex_is_an_error()
    {
        SingleError(Row(2, (C.Sex, "X"))).ShouldBeError(2, C.Sex, "Import.SexInvalid", "X");
    }

    [Fact]
    public void a_citizen_id_twice_in_the_file_is_an_error_naming_both_rows()
    {
        var error = SingleError(Row(2), Row(5, (C.CitizenId, "001 085.012-345")));

        error.ShouldBeError(5, C.CitizenId, "Import.DuplicateCitizenIdInFile", "001085012345", 2, 5);
    }

    [Fact]
    public void a_citizen_id_already_in_the_register_is_an_error()
    {
        var decision = Decide([Row(2)], citizenIds: new HashSet<string> { "001085012345" });

        decision.Errors.ShouldHaveSingleItem().ShouldBeError(2, C.CitizenId, "Import.CitizenIdInRegister", "001085012345");
    }

    [Fact]
    public void a_citizen_id_that_does_not_match_the_date_of_birth_is_not_an_error()
    {
        // 001 1 90 ...: a woman born in 1990, but the row says a man born in 1985; the register flags it.
        Decide([Row(2, (C.CitizenId, "001190012345"))]).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void a_card_number_twice_in_the_file_is_an_error_naming_both_rows()
    {
        var error = SingleError(Row(2, (C.CardNumber, "01234567")), Row(3, (C.CitizenId, "001085099999"), (C.CardNumber, "0123 4567")));

        error.ShouldBeError(3, C.CardNumber, "Import.DuplicateCardInFile", "01234567", 2, 3);
    }

    [Fact]
    public void a_card_number_already_in_the_register_is_an_error()
    {
        var decision = Decide([Row(2, (C.CardNumber, "01234567"))], cards: new HashSet<string> { "01234567" });

        decision.Errors.ShouldHaveSingleItem().ShouldBeError(2, C.CardNumber, "Import.CardInRegister", "01234567");
    }

    [Fact]
    public void a_card_number_too_long_is_the_card_rule_on_its_column()
    {
        SingleError(Row(2, (C.CardNumber, new string('9', 31)))).ShouldBeError(2, C.CardNumber, "Member.CardNumberInvalid");
    }

    [Fact]
    public void a_cell_code_is_found_whatever_its_case()
    {
        var admitted = (MemberAdmitted)Decide([Row(2, (C.CellCode, " bd.px.01 "))]).Members[0].Events[0];

        admitted.CellId.ShouldBe(_tree.Cell.Id);
    }

    [Fact]
    public void an_unknown_cell_code_is_an_error()
    {
        SingleError(Row(2, (C.CellCode, "BD.PX.99"))).ShouldBeError(2, C.CellCode, "Import.UnknownCell", "BD.PX.99");
    }

    [Fact]
    public void a_unit_that_is_not_a_cell_is_refused_by_the_admission_rule()
    {
        var error = SingleError(Row(2, (C.CellCode, "BD.PX")));

        error.Column.ShouldBe(C.CellCode);
        error.Code.ShouldBe("Member.NotAnActiveCell");
        error.Arguments.ShouldBe(["Đảng bộ phường Phúc Xá"]);
    }

    [Fact]
    public void a_cell_outside_the_users_scope_is_an_error()
    {
        var decision = Decide([Row(2, (C.CellCode, "HK.HB.01"))], scope: new HashSet<Guid> { _tree.Cell.Id });

        decision.Errors.ShouldHaveSingleItem().ShouldBeError(2, C.CellCode, "Import.CellOutOfScope", "HK.HB.01", "Chi bộ khu dân cư số 1");
    }

    [Fact]
    public void a_formula_in_any_cell_is_an_error()
    {
        var decision = Decide([Row(2, (C.DateOfBirth, "=DATE(1985,6,15)"), (C.Phone, "=A1&B1"))]);

        decision.Errors.Select(e => (e.Column, e.Code)).ShouldBe([(C.DateOfBirth, "Import.Formula"), (C.Phone, "Import.Formula")]);
        decision.Errors[0].Arguments.ShouldBe(["=DATE(1985,6,15)"]);
    }

    [Theory]
    [InlineData(C.DateOfBirth, "15/06/2000", "Member.TooYoung")]
    [InlineData(C.DateOfBirth, "31/12/1899", "Member.DateOfBirthInvalid")]
    [InlineData(C.Phone, "12 34", "Member.PhoneInvalid")]
    [InlineData(C.AdmissionDate, "02/03/2026", "Member.DecisionInFuture")]
    [InlineData(C.CeremonyDate, "01/03/2015", "Member.CeremonyBeforeDecision")]
    public void the_admission_rules_refusals_become_errors_on_their_columns(string column, string value, string code)
    {
        var error = SingleError(Row(3, (column, value)));

        error.RowNumber.ShouldBe(3);
        error.Column.ShouldBe(column);
        error.Code.ShouldBe(code);
    }

    [Fact]
    public void a_name_too_long_is_the_profile_rule_with_its_field_and_limit()
    {
        var error = SingleError(Row(2, (C.HomeTown, new string('a', TextLimits.Name + 1))));

        error.ShouldBeError(2, C.HomeTown, "Member.TextTooLong", C.HomeTown, TextLimits.Name);
    }

    [Fact]
    public void an_official_date_before_the_ceremony_is_an_error()
    {
        var error = SingleError(Row(2, (C.OfficialDate, "14/03/2015")));

        error.ShouldBeError(2, C.OfficialDate, "Import.OfficialBeforeCeremony", new LocalDate(2015, 3, 15));
    }

    [Fact]
    public void an_official_date_in_the_future_is_an_error()
    {
        SingleError(Row(2, (C.OfficialDate, "02/03/2025"))).ShouldBeError(2, C.OfficialDate, "Member.DateInFuture", new LocalDate(2025, 3, 2));
    }

    [Fact]
    public void an_official_decision_number_without_the_official_date_is_an_error()
    {
        SingleError(Row(2, (C.OfficialDecisionNumber, "45-QĐ/ĐU"))).ShouldBeError(2, C.OfficialDate, "Import.OfficialDateRequired");
    }

    [Fact]
    public void a_file_without_rows_is_an_error()
    {
        Decide([]).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.NoRows");
    }
}

internal static class ImportErrorAssertions
{
    public static void ShouldBeError(this ImportError error, int row, string column, string code, params object[] arguments)
    {
        (error.RowNumber, error.Column, error.Code).ShouldBe((row, column, code));
        error.Arguments.ShouldBe(arguments);
    }
}
