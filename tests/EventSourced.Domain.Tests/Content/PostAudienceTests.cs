using EventSourced.Domain.Content;
using EventSourced.Domain.Organisations;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

public class PostAudienceTests
{
    [Fact]
    public void a_post_reaches_members_of_the_owning_unit_and_everything_below_it()
    {
        var content = new ContentBuilder();
        var otherCell = content.Units.Add(OrganisationKind.Cell, "BD.TB.01", "Chi bộ khu dân cư số 1 Trúc Bạch", content.OtherWard);
        var post = content.Published();
        var tree = content.Tree;

        PostAudience.Reaches(post, content.Units.Cell.Id, tree).ShouldBeTrue();
        PostAudience.Reaches(post, content.Units.Ward.Id, tree).ShouldBeTrue();
        PostAudience.Reaches(post, otherCell.Id, tree).ShouldBeFalse();
        PostAudience.Reaches(post, content.Units.District.Id, tree).ShouldBeFalse();
    }

    [Fact]
    public void a_city_post_reaches_every_cell()
    {
        var content = new ContentBuilder();
        content.CityBoard.Record(new BoardMemberAssigned(Author.Id, Author.Name, BoardRole.Author));
        var post = content.Draft(unitId: content.Units.City.Id);
        content.Publish(content.Approve(content.Submit(post), CityApprover), CityApprover);

        PostAudience.Reaches(post, content.Units.Cell.Id, content.Tree).ShouldBeTrue();
    }

    [Fact]
    public void a_bulletin_reaches_only_its_cells_members()
    {
        var content = new ContentBuilder();
        var sibling = content.Units.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", content.Units.Ward);
        var post = content.Published(content.Bulletin());

        PostAudience.Reaches(post, content.Units.Cell.Id, content.Tree).ShouldBeTrue();
        PostAudience.Reaches(post, sibling.Id, content.Tree).ShouldBeFalse();
    }

    [Fact]
    public void a_post_not_live_reaches_nobody()
    {
        var content = new ContentBuilder();
        var post = content.Approved();

        PostAudience.Includes(post, content.Units.Cell.Id, content.Tree).ShouldBeTrue();
        PostAudience.Reaches(post, content.Units.Cell.Id, content.Tree).ShouldBeFalse();
    }
}
