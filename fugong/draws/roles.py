"""Who does what with draws: leaders and the bureau admin run them; department officers
see those of their own field; district officers see those of their district."""

from fugong.accounts.choices import RoleCode

READ = ["draws.view_draw", "draws.view_drawtarget", "draws.view_drawevent"]
RUN = [*READ, "draws.add_draw", "draws.change_draw", "draws.run_draw", "draws.view_any_field_draw"]

ROLE_PERMISSIONS = {
    RoleCode.BUREAU_ADMIN: RUN,
    RoleCode.LEADER: RUN,
    RoleCode.DEPARTMENT_OFFICER: READ,
    RoleCode.DISTRICT_OFFICER: [*READ, "draws.view_any_field_draw"],
}
