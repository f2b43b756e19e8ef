using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.RecordReviews;
using NodaTime;

namespace EventSourced.Domain.Tests.Members.RecordReviews;

public class RecordReviewTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 8, 15, 3, 0);

    private static RecordReview Review(Member member, params object[] events)
    {
        var review = RecordReview.For(member.Id);
        foreach (var e in events)
        {
            switch (e)
            {
                case RecordConfirmed c: review.Apply(c); break;
                case DifferenceReported r: review.Apply(r); break;
                case DifferenceAccepted a: review.Apply(a); break;
                case DifferenceRejected r: review.Apply(r); break;
            }
        }

        return review;
    }

    private static ReportDifference Report(Member member, RecordField field, string value, Guid? id = null, string? note = null) =>
        new(member.Id, id ?? Guid.NewGuid(), field, value, note);

    [Fact]
    public void a_confirmation_keeps_the_values_the_member_saw_and_holds_until_the_record_changes()
    {
        var member = MemberBuilder.Official();
        var confirmed = ConfirmRecordHandler.Decide(new ConfirmRecord(member.Id, Guid.NewGuid(), member.Version), member, RecordReview.For(member.Id), Now)!;
        var review = Review(member, confirmed);

        confirmed.Values.ShouldBe(RecordCheck.Values(member));
        review.ConfirmedAsItStands(RecordCheck.Values(member)).ShouldBeTrue();

        member.With(new ProfileCorrected(MemberProfileFields.Phone, null, "0987000111", "Bổ sung", new LocalDate(2025, 8, 16)));
        review.ConfirmedAsItStands(RecordCheck.Values(member)).ShouldBeFalse();
    }

    [Fact]
    public void confirming_a_version_the_record_has_left_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => ConfirmRecordHandler.Decide(new ConfirmRecord(member.Id, Guid.NewGuid(), member.Version - 1), member, RecordReview.For(member.Id), Now))
            .Code.ShouldBe("Review.RecordChanged");
    }

    [Fact]
    public void a_confirmation_sent_again_is_recorded_once_and_its_id_with_another_version_is_refused()
    {
        var member = MemberBuilder.Official();
        var id = Guid.NewGuid();
        var review = Review(member, ConfirmRecordHandler.Decide(new ConfirmRecord(member.Id, id, member.Version), member, RecordReview.For(member.Id), Now)!);

        ConfirmRecordHandler.Decide(new ConfirmRecord(member.Id, id, member.Version), member, review, Now).ShouldBeNull();
        Should.Throw<RuleViolation>(() => ConfirmRecordHandler.Decide(new ConfirmRecord(member.Id, id, member.Version + 1), member, review, Now))
            .Code.ShouldBe("Review.EventIdReused");
    }

    [Fact]
    public void a_record_confirmed_as_it_stands_is_not_confirmed_again_under_a_new_id()
    {
        var member = MemberBuilder.Official();
        var review = Review(member, ConfirmRecordHandler.Decide(new ConfirmRecord(member.Id, Guid.NewGuid(), member.Version), member, RecordReview.For(member.Id), Now)!);

        ConfirmRecordHandler.Decide(new ConfirmRecord(member.Id, Guid.NewGuid(), member.Version), member, review, Now).ShouldBeNull();
    }

    [Fact]
    public void a_report_keeps_the_register_value_beside_the_members()
    {
        var member = MemberBuilder.Official();

        var reported = ReportDifferenceHandler.Decide(Report(member, RecordField.Phone, "0987 000 111", note: "số mới"), member, RecordReview.For(member.Id), Now)!;

        reported.RegisterValue.ShouldBe(member.Profile.Phone);
        reported.MemberValue.ShouldBe("0987000111");
        reported.Note.ShouldBe("số mới");
    }

    [Fact]
    public void a_report_sent_again_is_recorded_once_and_its_id_with_another_value_is_refused()
    {
        var member = MemberBuilder.Official();
        var first = Report(member, RecordField.Phone, "0987000111");
        var review = Review(member, ReportDifferenceHandler.Decide(first, member, RecordReview.For(member.Id), Now)!);

        ReportDifferenceHandler.Decide(first, member, review, Now).ShouldBeNull();
        Should.Throw<RuleViolation>(() => ReportDifferenceHandler.Decide(first with { Value = "0987654321" }, member, review, Now))
            .Code.ShouldBe("Review.EventIdReused");
    }

    [Fact]
    public void a_second_open_report_on_a_field_is_refused_until_the_first_is_closed()
    {
        var member = MemberBuilder.Official();
        var first = ReportDifferenceHandler.Decide(Report(member, RecordField.Phone, "0987000111"), member, RecordReview.For(member.Id), Now)!;
        var review = Review(member, first);

        Should.Throw<RuleViolation>(() => ReportDifferenceHandler.Decide(Report(member, RecordField.Phone, "0987654321"), member, review, Now))
            .Code.ShouldBe("Review.ReportAlreadyOpen");
        ReportDifferenceHandler.Decide(Report(member, RecordField.FullName, "Nguyễn Văn Hưng"), member, review, Now).ShouldNotBeNull();

        review.Apply(RejectDifferenceHandler.Decide(new RejectDifference(member.Id, first.ReportId, "Số cũ vẫn đúng"), review, Now));
        ReportDifferenceHandler.Decide(Report(member, RecordField.Phone, "0987654321"), member, review, Now).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(RecordField.DateOfBirth, "15/06/1985", "Member.DateOfBirthInvalid")]
    [InlineData(RecordField.AdmissionDate, "2099-01-01", "Review.DateInvalid")]
    [InlineData(RecordField.Phone, "12", "Member.PhoneInvalid")]
    [InlineData(RecordField.FullName, "   ", "Review.ValueRequired")]
    [InlineData((RecordField)42, "x", "Review.FieldInvalid")]
    public void a_value_the_field_cannot_hold_is_refused(RecordField field, string value, string code)
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => ReportDifferenceHandler.Decide(Report(member, field, value), member, RecordReview.For(member.Id), Now))
            .Code.ShouldBe(code);
    }

    [Fact]
    public void reporting_the_value_the_register_already_holds_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => ReportDifferenceHandler.Decide(Report(member, RecordField.FullName, member.Profile.FullName), member, RecordReview.For(member.Id), Now))
            .Code.ShouldBe("Review.SameAsRegister");
    }

    [Fact]
    public void accepting_a_profile_field_is_a_profile_correction_whose_reason_names_the_report()
    {
        var member = MemberBuilder.Official();
        var reported = ReportDifferenceHandler.Decide(Report(member, RecordField.Phone, "0987000111"), member, RecordReview.For(member.Id), Now)!;

        var acceptance = AcceptDifferenceHandler.Decide(new AcceptDifference(member.Id, member.Version, reported.ReportId, "Đã đối chiếu"), member, Review(member, reported));

        acceptance.Profile.ShouldNotBeNull();
        acceptance.Profile.Field.ShouldBe(MemberProfileFields.Phone);
        acceptance.Profile.NewValue.ShouldBe("0987000111");
        acceptance.Profile.Reason.ShouldContain(RecordCheck.Reference(reported.ReportId));
        CorrectProfileHandler.Decide(acceptance.Profile, member, new LocalDate(2025, 8, 15)).NewValue.ShouldBe("0987000111");
    }

    [Fact]
    public void accepting_an_admission_date_corrects_the_date_of_the_admitting_entry()
    {
        var member = MemberBuilder.Official();
        var reported = ReportDifferenceHandler.Decide(Report(member, RecordField.AdmissionDate, "2020-02-20"), member, RecordReview.For(member.Id), Now)!;

        var acceptance = AcceptDifferenceHandler.Decide(new AcceptDifference(member.Id, member.Version, reported.ReportId, "Theo quyết định gốc"), member, Review(member, reported));

        acceptance.Date.ShouldNotBeNull();
        acceptance.Date.EntryVersion.ShouldBe(1);
        acceptance.Date.Date.ShouldBe(MemberDateKind.AdmissionDecision);
        member.With(CorrectDateHandler.Decide(acceptance.Date, member, new LocalDate(2025, 8, 15)));
        member.Admission.Date.ShouldBe(new LocalDate(2020, 2, 20));
    }

    [Fact]
    public void accepting_a_cell_changes_nothing_and_points_to_the_transfer()
    {
        var member = MemberBuilder.Official();
        var reported = ReportDifferenceHandler.Decide(Report(member, RecordField.Cell, "Chi bộ 3"), member, RecordReview.For(member.Id), Now)!;

        var acceptance = AcceptDifferenceHandler.Decide(new AcceptDifference(member.Id, member.Version, reported.ReportId, "Sẽ làm thủ tục chuyển"), member, Review(member, reported));

        acceptance.ShouldBe(new Acceptance(null, null, "Transfer"));
    }

    [Fact]
    public void a_closed_report_can_be_neither_accepted_nor_rejected_again()
    {
        var member = MemberBuilder.Official();
        var reported = ReportDifferenceHandler.Decide(Report(member, RecordField.Phone, "0987000111"), member, RecordReview.For(member.Id), Now)!;
        var review = Review(member, reported, new DifferenceRejected(reported.ReportId, reported.Field, "Không đúng", Now));

        Should.Throw<RuleViolation>(() => AcceptDifferenceHandler.Decide(new AcceptDifference(member.Id, member.Version, reported.ReportId, "x"), member, review))
            .Code.ShouldBe("Review.ReportClosed");
        Should.Throw<RuleViolation>(() => RejectDifferenceHandler.Decide(new RejectDifference(member.Id, reported.ReportId, "x"), review, Now))
            .Code.ShouldBe("Review.ReportClosed");
        review.OpenReports.ShouldBe(0);
    }

    [Fact]
    public void a_rejection_needs_a_reason_the_member_can_read()
    {
        var member = MemberBuilder.Official();
        var reported = ReportDifferenceHandler.Decide(Report(member, RecordField.Phone, "0987000111"), member, RecordReview.For(member.Id), Now)!;

        Should.Throw<RuleViolation>(() => RejectDifferenceHandler.Decide(new RejectDifference(member.Id, reported.ReportId, " "), Review(member, reported), Now))
            .Code.ShouldBe("Member.ReasonRequired");
    }

    [Fact]
    public void the_review_stream_is_never_the_member_stream_and_leads_back_to_it()
    {
        var member = Guid.NewGuid();

        RecordReview.StreamIdFor(member).ShouldNotBe(member);
        RecordReview.StreamIdFor(member).ShouldNotBe(EventSourced.Domain.Installs.MemberAppUsage.StreamIdFor(member));
        RecordReview.MemberIdFor(RecordReview.StreamIdFor(member)).ShouldBe(member);
    }
}
