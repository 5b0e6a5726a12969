from django.contrib import admin

from .models import Occupation


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_months", "is_active"]
    list_filter = ["is_active", "duration_months"]
    search_fields = ["name"]
    list_editable = ["is_active"]
