using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Common;

public class NationalCitizenIdsTests
{
    private const string HaNoi = "hanoi";
    private const string HaiPhong = "haiphong";

    private static NationalHolder HeldBy(string province, bool pastInFlight = false) => new(province, Guid.NewGuid(), pastInFlight);

    [Fact]
    public void a_citizen_id_another_province_holds_is_refused() =>
        NationalCitizenIds.Decide(HaiPhong, HeldBy(HaNoi), HolderStanding.Held).ShouldBe(NationalClaim.Refuse);

    [Fact]
    public void a_citizen_id_another_province_holds_is_refused_however_old_its_reservation() =>
        NationalCitizenIds.Decide(HaiPhong, HeldBy(HaNoi, pastInFlight: true), HolderStanding.Held).ShouldBe(NationalClaim.Refuse);

    [Fact]
    public void a_member_the_other_province_transferred_out_brings_the_citizen_id_along() =>
        NationalCitizenIds.Decide(HaiPhong, HeldBy(HaNoi), HolderStanding.Left).ShouldBe(NationalClaim.TakeOver);

    [Fact]
    public void a_reservation_the_other_province_is_still_writing_is_respected() =>
        NationalCitizenIds.Decide(HaiPhong, HeldBy(HaNoi), HolderStanding.NotHeld).ShouldBe(NationalClaim.Refuse);

    [Fact]
    public void a_reservation_whose_write_never_committed_lapses_after_the_longest_write() =>
        NationalCitizenIds.Decide(HaiPhong, HeldBy(HaNoi, pastInFlight: true), HolderStanding.NotHeld).ShouldBe(NationalClaim.TakeOver);

    [Theory]
    [InlineData(HolderStanding.Held)]
    [InlineData(HolderStanding.Left)]
    [InlineData(HolderStanding.NotHeld)]
    public void a_citizen_id_the_province_itself_holds_is_left_to_its_own_register(HolderStanding standing) =>
        NationalCitizenIds.Decide(HaNoi, HeldBy(HaNoi), standing).ShouldBe(NationalClaim.OwnProvince);

    [Theory]
    [InlineData("001 090.012-345", "001090012345")]
    [InlineData("000000000000", null)]
    [InlineData(null, null)]
    public void the_national_key_is_the_digits_the_province_s_register_key_holds(string? typed, string? key) =>
        NationalCitizenIds.Key(typed).ShouldBe(key);

    [Fact]
    public void only_citizen_id_register_keys_have_a_national_key()
    {
        NationalCitizenIds.KeyOfRegisterKey(RegisterKeys.CitizenId("001090012345")!).ShouldBe("001090012345");
        NationalCitizenIds.KeyOfRegisterKey(RegisterKeys.Card("HN100001")!).ShouldBeNull();
    }

    [Fact]
    public void a_citizen_id_held_elsewhere_is_refused_with_the_rule_of_a_taken_citizen_id() =>
        NationalCitizenIds.Taken().Code.ShouldBe(RegisterKeys.Taken(RegisterKeys.CitizenId("001090012345")!).Code);
}
