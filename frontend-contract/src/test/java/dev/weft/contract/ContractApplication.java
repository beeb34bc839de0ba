package dev.weft.contract;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The designer API as the hub embeds it, plus springdoc, to generate the OpenAPI document from the code. */
@SpringBootApplication
public class ContractApplication {
}
