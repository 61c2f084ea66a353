from django.urls import path

from npq.frameworks.views import curricula, frameworks, tasks

app_name = "frameworks"
urlpatterns = [
    path("frameworks", frameworks.framework_list, name="list"),
    path("frameworks/load", frameworks.framework_load, name="load"),
    path("frameworks/<int:pk>", frameworks.framework_detail, name="detail"),
    path("frameworks/<int:pk>/publish", frameworks.framework_publish, name="publish"),
    path("frameworks/<int:pk>/diff", frameworks.framework_diff, name="diff"),
    path("frameworks/<int:pk>/impact", frameworks.framework_impact, name="impact"),
    path("frameworks/tasks", tasks.task_list, name="tasks"),
    path("frameworks/tasks/new", tasks.task_choose, name="task_choose"),
    path("frameworks/tasks/new/<int:pk>", tasks.task_new, name="task_new"),
    path("frameworks/tasks/<int:pk>", tasks.task_detail, name="task"),
    path("frameworks/tasks/<int:pk>/designed", tasks.task_designed, name="task_designed"),
    path("curricula", curricula.curriculum_list, name="curricula"),
    path("curricula/upload", curricula.curriculum_upload, name="upload"),
    path("curricula/<int:pk>", curricula.curriculum_detail, name="curriculum"),
    path("curricula/<int:pk>/coverage.csv", curricula.curriculum_csv, name="csv"),
]
