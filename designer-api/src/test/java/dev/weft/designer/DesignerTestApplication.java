package dev.weft.designer;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Test-only host: the designer auto-configuration on a plain Spring Boot web application. */
@SpringBootApplication
public class DesignerTestApplication {
}
