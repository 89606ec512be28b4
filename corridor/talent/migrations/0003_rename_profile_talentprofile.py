from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    """The design's shared vocabulary names the model talent.TalentProfile."""

    dependencies = [
        ("talent", "0002_alter_profile_options"),
        # matching.0001 points at "talent.profile": it must run before the rename.
        ("matching", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Profile", new_name="TalentProfile"),
    ]
