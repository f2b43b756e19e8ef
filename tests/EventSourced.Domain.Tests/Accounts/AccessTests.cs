using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Accounts;

public class AccessTests
{
    private static readonly LocalDate Today = new(2024, 5, 1);

    [Fact]
    public void the_closest_assignment_that_grants_the_permission_is_the_one_cited()
    {
        var tree = new TreeBuilder();
        var cityAdministrator = new RoleAssignment(Role.Administrator, tree.City.Id);
        var districtStaff = new RoleAssignment(Role.OrganisationStaff, tree.District.Id);
        var wardEditor = new RoleAssignment(Role.Editor, tree.Ward.Id);

        var granted = Access.Authorise([cityAdministrator, districtStaff, wardEditor], Permission.ChangeOrganisation, tree.Cell.Id, tree.On(Today));

        granted.ShouldBe(districtStaff);
    }

    [Fact]
    public void for_viewing_any_role_counts_and_the_closest_wins()
    {
        var tree = new TreeBuilder();
        var cityAuditor = new RoleAssignment(Role.Auditor, tree.City.Id);
        var wardEditor = new RoleAssignment(Role.Editor, tree.Ward.Id);

        Access.Authorise([cityAuditor, wardEditor], Permission.View, tree.Cell.Id, tree.On(Today)).ShouldBe(wardEditor);
        Access.Authorise([cityAuditor, wardEditor], Permission.View, tree.District.Id, tree.On(Today)).ShouldBe(cityAuditor);
    }

    [Fact]
    public void managing_users_falls_back_to_the_administrator_higher_up()
    {
        var tree = new TreeBuilder();
        var cityAdministrator = new RoleAssignment(Role.Administrator, tree.City.Id);
        var wardStaff = new RoleAssignment(Role.OrganisationStaff, tree.Ward.Id);

        Access.Authorise([wardStaff, cityAdministrator], Permission.ManageUsers, tree.Cell.Id, tree.On(Today)).ShouldBe(cityAdministrator);
    }

    [Fact]
    public void an_assignment_grants_nothing_outside_its_subtree()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        RoleAssignment[] wardAdministrator = [new(Role.Administrator, tree.Ward.Id)];
        var on = tree.On(Today);

        Access.Authorise(wardAdministrator, Permission.View, otherWard.Id, on).ShouldBeNull();
        Access.Authorise(wardAdministrator, Permission.View, tree.District.Id, on).ShouldBeNull();
        Access.CanSee(wardAdministrator, otherWard.Id, on).ShouldBeFalse();
        Access.CanSee(wardAdministrator, tree.Cell.Id, on).ShouldBeTrue();
    }

    [Fact]
    public void an_assignment_follows_the_tree_of_the_date()
    {
        var tree = new TreeBuilder();
        var reform = new LocalDate(2025, 7, 1);
        tree.Ward.Apply(new OrganisationMoved(tree.City.Id, tree.District.Id, reform));
        RoleAssignment[] districtStaff = [new(Role.OrganisationStaff, tree.District.Id)];

        Access.CanSee(districtStaff, tree.Cell.Id, tree.On(reform.PlusDays(-1))).ShouldBeTrue();
        Access.CanSee(districtStaff, tree.Cell.Id, tree.On(reform)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Editor)]
    [InlineData(Role.Approver)]
    public void auditors_editors_and_approvers_cannot_change_organisations_even_their_own(Role role)
    {
        var tree = new TreeBuilder();

        Access.Authorise([new RoleAssignment(role, tree.Ward.Id)], Permission.ChangeOrganisation, tree.Ward.Id, tree.On(Today)).ShouldBeNull();
    }

    [Theory]
    [InlineData(Role.Administrator, true, true, true)]
    [InlineData(Role.OrganisationStaff, true, true, false)]
    [InlineData(Role.Editor, true, false, false)]
    [InlineData(Role.Approver, true, false, false)]
    [InlineData(Role.Auditor, true, false, false)]
    public void each_role_grants_its_permissions(Role role, bool view, bool changeOrganisation, bool manageUsers)
    {
        Access.Grants(role, Permission.View).ShouldBe(view);
        Access.Grants(role, Permission.ChangeOrganisation).ShouldBe(changeOrganisation);
        Access.Grants(role, Permission.ManageUsers).ShouldBe(manageUsers);
    }

    [Fact]
    public void scope_roots_leave_out_units_inside_another_assignment()
    {
        var tree = new TreeBuilder();
        var otherDistrict = tree.Add(OrganisationKind.DirectlySubordinateCommittee, "DD", "Quận ủy Đống Đa", tree.City);
        RoleAssignment[] assignments =
        [
            new(Role.Editor, tree.Ward.Id),
            new(Role.Auditor, tree.District.Id),
            new(Role.OrganisationStaff, tree.Cell.Id),
            new(Role.Approver, otherDistrict.Id),
            new(Role.Editor, otherDistrict.Id),
        ];

        Access.ScopeRoots(assignments, tree.On(Today)).ShouldBe([tree.District.Id, otherDistrict.Id], ignoreOrder: true);
    }

    [Fact]
    public void scope_roots_leave_out_units_not_in_the_tree_on_that_date()
    {
        var tree = new TreeBuilder();
        var later = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.NEW", "Đảng bộ phường mới", tree.District, new LocalDate(2026, 1, 1));

        Access.ScopeRoots([new RoleAssignment(Role.Editor, later.Id)], tree.On(Today)).ShouldBeEmpty();
    }

    [Fact]
    public void no_assignment_grants_nothing()
    {
        var tree = new TreeBuilder();

        Access.Authorise([], Permission.View, tree.Cell.Id, tree.On(Today)).ShouldBeNull();
    }

    [Fact]
    public void an_auditor_reads_everything_and_may_record_nothing()
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Access.Grants(Role.Auditor, permission).ShouldBe(permission is Permission.View or Permission.ViewMembers or Permission.ReadAudit, permission.ToString());
        }

        Access.MayRecord(Role.Auditor).ShouldBeFalse();
        Access.IsReadOnly([new RoleAssignment(Role.Auditor, Guid.NewGuid())]).ShouldBeTrue();
        Access.IsReadOnly([new RoleAssignment(Role.Auditor, Guid.NewGuid()), new RoleAssignment(Role.Editor, Guid.NewGuid())]).ShouldBeFalse();
    }

    [Fact]
    public void content_needs_a_content_role_and_the_register_is_for_staff_and_auditors()
    {
        Access.Grants(Role.Editor, Permission.ChangeContent).ShouldBeTrue();
        Access.Grants(Role.Approver, Permission.ChangeContent).ShouldBeTrue();
        Access.Grants(Role.Editor, Permission.ViewMembers).ShouldBeFalse();
        Access.Grants(Role.Approver, Permission.ViewMembers).ShouldBeFalse();
        Access.Grants(Role.OrganisationStaff, Permission.ViewMembers).ShouldBeTrue();
    }
}
