using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using NodaTime;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

public class DraftPostTests
{
    private static PostDrafted Decide(ContentBuilder content, PostContent post, Person? by = null, Guid? unitId = null) =>
        DraftPostHandler.Decide(new DraftPost(Guid.NewGuid(), unitId ?? content.Units.Ward.Id, (by ?? Author).Id, post), content.Scope(unitId), Now);

    [Fact]
    public void an_author_of_the_owning_board_drafts_the_first_revision()
    {
        var content = new ContentBuilder();

        var post = Post.Create(Decide(content, News()));

        post.Status.ShouldBe(PostStatus.Draft);
        post.UnitId.ShouldBe(content.Units.Ward.Id);
        post.UnitName.ShouldBe("Đảng bộ phường Phúc Xá");
        post.LatestRevision.ShouldBe(1);
        post.LiveRevision.ShouldBeNull();
        post.Revisions.Single().By.ShouldBe(new ContentActor(Author.Id, Author.Name, BoardRole.Author, null, content.Units.Ward.Id, "Đảng bộ phường Phúc Xá"));
        post.AuthorIds.ShouldBe([Author.Id]);
    }

    [Fact]
    public void an_author_of_a_parent_board_may_write_for_the_unit()
    {
        var content = new ContentBuilder();
        content.CityBoard.Record(new BoardMemberAssigned(CityApprover.Id, CityApprover.Name, BoardRole.Author));

        Decide(content, News(), CityApprover).By.BodyName.ShouldBe("Thành ủy Hà Nội");
    }

    [Fact]
    public void someone_who_is_not_an_author_in_the_chain_cannot_write()
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => Decide(content, News(), Approver)).Code.ShouldBe("Content.NotAnAuthor");
        Should.Throw<RuleViolation>(() => Decide(content, News(), Outsider)).Code.ShouldBe("Content.NotAnAuthor");
    }

    [Fact]
    public void news_needs_a_title_and_a_body()
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => Decide(content, News() with { Title = "  " })).Code.ShouldBe("Content.TitleRequired");
        Should.Throw<RuleViolation>(() => Decide(content, News() with { Body = null })).Code.ShouldBe("Content.BodyRequired");
        Should.Throw<RuleViolation>(() => Decide(content, News() with { Title = new string('a', 301) })).Code.ShouldBe("Content.TitleTooLong");
    }

    [Fact]
    public void text_is_normalised_markdown_keeps_its_indentation_and_other_kinds_fields_are_cleared()
    {
        var content = new ContentBuilder();

        var saved = Decide(content, News() with
        {
            Title = "  Hội   nghị  ",
            Body = "- một\r\n  - hai",
            DocumentNumber = "01-NQ",
            Tags = ["Hà Nội", "ha noi", " ", "Đảng"],
        }).Content;

        saved.Title.ShouldBe("Hội nghị");
        saved.Body.ShouldBe("- một\n  - hai");
        saved.DocumentNumber.ShouldBeNull();
        saved.Tags.ShouldBe(["Hà Nội", "Đảng"]);
    }

    [Fact]
    public void a_document_needs_its_number_issuing_body_date_type_and_file()
    {
        var content = new ContentBuilder();

        Decide(content, Document()).Content.DocumentType.ShouldBe(DocumentType.Resolution);
        Should.Throw<RuleViolation>(() => Decide(content, Document() with { DocumentNumber = null })).Code.ShouldBe("Content.DocumentNumberRequired");
        Should.Throw<RuleViolation>(() => Decide(content, Document() with { IssuingBody = "" })).Code.ShouldBe("Content.IssuingBodyRequired");
        Should.Throw<RuleViolation>(() => Decide(content, Document() with { IssuedOn = null })).Code.ShouldBe("Content.IssueDateRequired");
        Should.Throw<RuleViolation>(() => Decide(content, Document() with { DocumentType = null })).Code.ShouldBe("Content.DocumentTypeRequired");
        Should.Throw<RuleViolation>(() => Decide(content, Document() with { AttachmentFileId = null })).Code.ShouldBe("Content.AttachmentRequired");
    }

    [Fact]
    public void a_documents_validity_cannot_end_before_it_starts()
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => Decide(content, Document() with { ValidFrom = new LocalDate(2025, 1, 1), ValidUntil = new LocalDate(2024, 12, 31) }))
            .Code.ShouldBe("Content.ValidityReversed");
    }

    [Fact]
    public void a_bulletin_is_for_a_cell_within_the_owning_unit_and_its_title_defaults_to_the_topic()
    {
        var content = new ContentBuilder();

        var saved = Decide(content, content.Bulletin(month: new LocalDate(2025, 4, 17))).Content;

        saved.Month.ShouldBe(new LocalDate(2025, 4, 1));
        saved.Title.ShouldBe("Học tập chuyên đề năm 2025");
        Should.Throw<RuleViolation>(() => Decide(content, content.Bulletin(cellId: content.Units.Ward.Id))).Code.ShouldBe("Content.NotACell");
        Should.Throw<RuleViolation>(() => Decide(content, content.Bulletin() with { CellId = null })).Code.ShouldBe("Content.CellRequired");
        Should.Throw<RuleViolation>(() => Decide(content, content.Bulletin(), Outsider, content.OtherWard.Id)).Code.ShouldBe("Content.CellOutsideUnit");
    }

    [Fact]
    public void a_bulletins_meeting_falls_in_its_month()
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => Decide(content, content.Bulletin(meeting: new LocalDate(2025, 5, 2)))).Code.ShouldBe("Content.MeetingOutsideMonth");
        Should.Throw<RuleViolation>(() => Decide(content, content.Bulletin() with { Topic = " " })).Code.ShouldBe("Content.TopicRequired");
        Should.Throw<RuleViolation>(() => Decide(content, content.Bulletin() with { MeetingDate = null })).Code.ShouldBe("Content.MeetingDateRequired");
    }

    [Fact]
    public void a_closed_unit_gets_no_new_posts()
    {
        var content = new ContentBuilder();
        content.Units.Ward.Apply(new EventSourced.Domain.Organisations.OrganisationDissolved(null, Today.PlusDays(-1)));

        Should.Throw<RuleViolation>(() => Decide(content, News())).Code.ShouldBe("Content.UnitNotActive");
    }
}
